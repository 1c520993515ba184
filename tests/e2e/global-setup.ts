/**
 * Starts the test identity provider before any spec runs (the e2e app is
 * configured to offer sign-in through it) and stops it afterwards.
 */
import { startTestIdentityProvider } from "./oidc-provider";

export default async function globalSetup(): Promise<() => Promise<void>> {
  const provider = await startTestIdentityProvider();
  return provider.close;
}
