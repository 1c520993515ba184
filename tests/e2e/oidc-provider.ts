/**
 * A real OpenID Connect provider (panva's oidc-provider, an OpenID-certified
 * implementation) on loopback for the e2e suite: discovery, authorisation with
 * PKCE, signed ID tokens, userinfo. Its built-in development login page takes
 * a login name (any password) from OIDC_TEST_PEOPLE.
 */
import type { Server } from "node:http";
import Provider from "oidc-provider";
import { OIDC_TEST, OIDC_TEST_PEOPLE, OIDC_TEST_PORT } from "./oidc-settings";

type Person = keyof typeof OIDC_TEST_PEOPLE;

export async function startTestIdentityProvider(): Promise<{ close: () => Promise<void> }> {
  const provider = new Provider(OIDC_TEST.issuer, {
    clients: [
      {
        client_id: OIDC_TEST.clientId,
        client_secret: OIDC_TEST.clientSecret,
        redirect_uris: [OIDC_TEST.redirectUri],
        grant_types: ["authorization_code"],
        response_types: ["code"],
        token_endpoint_auth_method: "client_secret_basic",
      },
    ],
    claims: { openid: ["sub"], email: ["email", "email_verified"], profile: ["name"] },
    cookies: { keys: ["e2e-only-cookie-key-6b1f0a"] },
    pkce: { required: () => true },
    // Short lifetimes, given so the provider does not warn about its defaults on every sign-in.
    ttl: { AuthorizationCode: 60, Interaction: 600, Session: 3600, Grant: 3600, AccessToken: 600, IdToken: 600 },
    async findAccount(_ctx, sub) {
      if (!Object.hasOwn(OIDC_TEST_PEOPLE, sub)) return undefined;
      const claims = OIDC_TEST_PEOPLE[sub as Person];
      return { accountId: sub, claims: async () => ({ sub, ...claims }) };
    },
    // A trust's own application needs no consent screen: grant the scopes asked for.
    async loadExistingGrant(ctx) {
      const grantId = ctx.oidc.result?.consent?.grantId || ctx.oidc.session!.grantIdFor(ctx.oidc.client!.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client!.clientId, accountId: ctx.oidc.session!.accountId });
      grant.addOIDCScope(String(ctx.oidc.params?.scope ?? "openid"));
      await grant.save();
      return grant;
    },
  });
  const server: Server = await new Promise((resolve, reject) => {
    const listening = provider.listen(OIDC_TEST_PORT, "127.0.0.1", () => resolve(listening));
    listening.on("error", reject);
  });
  return {
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
