/**
 * Where a request came from, for the sign-in limits and the audit trail.
 *
 * X-Forwarded-For is only a claim: anyone can send it. So the address is the
 * connection's own peer address unless the deployment names the proxies in
 * front of it (TRUSTED_PROXIES: how many hops, or which addresses); only then
 * are the entries those proxies appended believed, right to left, and never
 * further than the trusted proxies reach.
 *
 * Next.js gives application code no access to the socket, so the server stamps
 * the answer on each request as it arrives (stamp-client-address.ts, installed
 * by instrumentation.ts), overwriting anything a client sent under that name.
 */
import { isIP } from "node:net";

/** The header the server stamps with the client address; whatever a client sends under this name is replaced. */
export const CLIENT_ADDRESS_HEADER = "x-clinic-day-client-address";

export type TrustedProxies = { kind: "none" } | { kind: "hops"; hops: number } | { kind: "addresses"; addresses: ReadonlySet<string> };

export const NO_TRUSTED_PROXIES: TrustedProxies = { kind: "none" };

/** `::ffff:127.0.0.1` and `127.0.0.1` are the same client; IPv6 lower-cased. */
export function normaliseAddress(value: string | undefined | null): string | null {
  if (!value) return null;
  let address = value.trim();
  // "[::1]:1234" and "1.2.3.4:5678" as some proxies write them.
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) address = bracketed[1];
  else if (/^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(":"));
  address = address.toLowerCase();
  if (address.startsWith("::ffff:") && isIP(address.slice(7)) === 4) address = address.slice(7);
  return isIP(address) ? address : null;
}

/**
 * Reads the TRUSTED_PROXIES setting: empty (the default) trusts no proxy; a
 * whole number from 1 to 10 trusts that many hops; otherwise a comma-separated
 * list of the proxies' own addresses. Returns a message for anything else.
 */
export function parseTrustedProxies(value: string | undefined): { ok: true; trust: TrustedProxies } | { ok: false; message: string } {
  const text = value?.trim() ?? "";
  if (text === "" || text === "0") return { ok: true, trust: NO_TRUSTED_PROXIES };
  if (/^\d+$/.test(text)) {
    const hops = Number(text);
    if (hops > 10) return { ok: false, message: "TRUSTED_PROXIES must be a number of proxies from 0 to 10, or their addresses" };
    return { ok: true, trust: { kind: "hops", hops } };
  }
  const addresses = new Set<string>();
  for (const part of text.split(",")) {
    const address = normaliseAddress(part);
    if (!address) return { ok: false, message: `TRUSTED_PROXIES: "${part.trim()}" is not an IP address` };
    addresses.add(address);
  }
  return { ok: true, trust: { kind: "addresses", addresses } };
}

/**
 * The client's address from the connection's peer address and the
 * X-Forwarded-For header, believing only what trusted proxies added.
 */
export function clientAddress(
  peer: string | undefined | null,
  forwardedFor: string | string[] | undefined | null,
  trust: TrustedProxies,
): string | null {
  const connection = normaliseAddress(peer);
  if (trust.kind === "none" || !connection) return connection;
  const forwarded = (Array.isArray(forwardedFor) ? forwardedFor.join(",") : (forwardedFor ?? ""))
    .split(",")
    .map((entry) => entry.trim())
    .filter(Boolean);
  // Nearest first: the peer, then what each proxy in turn said it was talking to.
  const chain = [connection, ...forwarded.reverse()];
  if (trust.kind === "hops") {
    // With N trusted proxies the client is N steps back; a shorter chain means the request skipped a proxy.
    const index = Math.min(trust.hops, chain.length - 1);
    return normaliseAddress(chain[index]) ?? connection;
  }
  let index = 0;
  while (index < chain.length - 1 && trust.addresses.has(normaliseAddress(chain[index]) ?? "")) index++;
  return normaliseAddress(chain[index]) ?? connection;
}
