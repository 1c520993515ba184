/**
 * The test identity provider the e2e app is configured with. Its port follows
 * the app's (E2E_PORT + 99, so 3199 in CI and 4799 beside an app on 4700)
 * unless E2E_OIDC_PORT says otherwise, so parallel checkouts do not clash.
 */
const appPort = Number(process.env.E2E_PORT ?? 3100);
export const OIDC_TEST_PORT = Number(process.env.E2E_OIDC_PORT ?? appPort + 99);

export const OIDC_TEST = {
  issuer: `http://127.0.0.1:${OIDC_TEST_PORT}`,
  clientId: "clinic-day-e2e",
  clientSecret: "e2e-only-client-secret-0f4d2c",
  name: "NHS Care Identity (test)",
  redirectUri: `http://localhost:${appPort}/api/auth/callback/oidc`,
} as const;

/** People the test provider knows: its login name (also their `sub`) → the claims it vouches for. */
export const OIDC_TEST_PEOPLE = {
  // A demo member of staff, with the email in capitals as some directories hold it.
  therapist: { email: "Therapist@Example.NHS.uk", email_verified: true, name: "Maria Costa" },
  // Authenticated by the provider but with no Clinic Day account.
  stranger: { email: "locum.stranger@example.nhs.uk", email_verified: true, name: "Alex Stranger" },
} as const;

/** The environment the e2e app runs with, so it offers "Sign in with NHS Care Identity (test)". */
export const OIDC_TEST_ENV = {
  OIDC_ISSUER: OIDC_TEST.issuer,
  OIDC_CLIENT_ID: OIDC_TEST.clientId,
  OIDC_CLIENT_SECRET: OIDC_TEST.clientSecret,
  OIDC_NAME: OIDC_TEST.name,
};
