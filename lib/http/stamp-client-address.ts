/**
 * Stamps each arriving request with its client address (client-address.ts)
 * before Next.js sees it: Next.js passes application code no socket, and
 * fills X-Forwarded-For with the peer address only when the client sent none,
 * so the header alone cannot tell a client's claim from the connection.
 */
import { Server, type IncomingMessage } from "node:http";
import { CLIENT_ADDRESS_HEADER, clientAddress, type TrustedProxies } from "./client-address";

/** Stamps the client address on an arriving request, replacing any header of that name the client sent. */
export function stampClientAddress(request: IncomingMessage, trust: TrustedProxies): void {
  const address = clientAddress(request.socket?.remoteAddress, request.headers["x-forwarded-for"], trust);
  if (address) request.headers[CLIENT_ADDRESS_HEADER] = address;
  else delete request.headers[CLIENT_ADDRESS_HEADER];
}

const INSTALLED = Symbol.for("clinic-day.client-address");
type Stamped = { [INSTALLED]?: { trust: TrustedProxies } };

/**
 * Makes every HTTP server in this process stamp the client address on each
 * request before Next.js sees it (Next.js passes application code no socket).
 * Installing again only changes the trust.
 */
export function installClientAddressStamp(trust: TrustedProxies): void {
  const prototype = Server.prototype as Server & Stamped;
  if (prototype[INSTALLED]) {
    prototype[INSTALLED].trust = trust;
    return;
  }
  const state = { trust };
  prototype[INSTALLED] = state;
  const emit = prototype.emit;
  prototype.emit = function (this: Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === "request") stampClientAddress(args[0] as IncomingMessage, state.trust);
    return Reflect.apply(emit, this, [event, ...args]) as boolean;
  } as Server["emit"];
}
