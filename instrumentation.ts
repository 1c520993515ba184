/**
 * Runs once as the server starts, before it answers anything: from then on
 * every request carries the client address worked out from the connection
 * and TRUSTED_PROXIES (lib/http/client-address.ts), which the sign-in limits
 * and the audit trail use. X-Forwarded-For alone is never believed.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { parseTrustedProxies } = await import("@/lib/http/client-address");
  const { installClientAddressStamp } = await import("@/lib/http/stamp-client-address");
  const parsed = parseTrustedProxies(process.env.TRUSTED_PROXIES);
  if (!parsed.ok) throw new Error(`Clinic Day cannot start: ${parsed.message}`);
  installClientAddressStamp(parsed.trust);
}
