/**
 * next-auth configuration: email and password, and optionally an OpenID
 * Connect identity provider; JWT sessions. The JWT carries only the user's id
 * and the AuthSession id; lib/auth/sessions.ts checks that session against the
 * database on every request, however the person signed in.
 */
import type { NextAuthOptions, Session } from "next-auth";
import type { OAuthConfig } from "next-auth/providers/oauth";
import type { TokenSet } from "openid-client";
import CredentialsProvider from "next-auth/providers/credentials";
import { db } from "@/lib/db/client";
import { env, oidcSettings, type OidcSettings } from "@/lib/env";
import { isDatabaseUnavailable } from "@/lib/errors/database";
import type { RequestInfo } from "@/lib/db/context";
import { CLIENT_ADDRESS_HEADER, normaliseAddress } from "@/lib/http/client-address";
import { endSession, resolveSession, signIn, signInWithIdentityProvider } from "./sessions";

function headerValue(headers: unknown, name: string): string | null {
  if (!headers) return null;
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name);
  const value = (headers as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
}

/** The error code the login form shows as "database unavailable" rather than "wrong password". */
export const SIGN_IN_UNAVAILABLE = "UNAVAILABLE";
/** The error code for "too many failed attempts" on this account. */
export const SIGN_IN_LOCKED = "LOCKED";
/** The error code for "too many failed attempts from this address: wait a little". */
export const SIGN_IN_SLOWED = "SLOWED";

/** The login page's error codes for an identity-provider sign-in that worked there but is refused here. */
export const SIGN_IN_NO_ACCOUNT = "NO_ACCOUNT";
export const SIGN_IN_EMAIL_UNVERIFIED = "EMAIL_UNVERIFIED";

/** next-auth's id for the identity provider; it appears in the callback URL registered with the provider. */
export const OIDC_PROVIDER_ID = "oidc";

/**
 * The client address the server stamped on the request from its connection
 * and TRUSTED_PROXIES (instrumentation.ts); X-Forwarded-For and X-Real-IP are
 * claims anyone can send, so they are never read here.
 */
export function clientIp(headers: unknown): string | null {
  return normaliseAddress(headerValue(headers, CLIENT_ADDRESS_HEADER));
}

export function requestInfoOf(headers: unknown): RequestInfo {
  return { ip: clientIp(headers), userAgent: headerValue(headers, "user-agent") };
}

type IdTokenClaims = { iss?: string; sub?: string; name?: string; email?: unknown; email_verified?: unknown };

/**
 * next-auth's own OpenID Connect support: the discovery document is fetched
 * when someone starts signing in (not at start-up, so the app starts while the
 * provider is down); the ID token's signature, issuer, audience and nonce, the
 * state and the PKCE verifier are checked by openid-client.
 */
function identityProvider(oidc: OidcSettings): OAuthConfig<IdTokenClaims> {
  return {
    id: OIDC_PROVIDER_ID,
    name: oidc.name,
    type: "oauth",
    wellKnown: `${oidc.issuer}/.well-known/openid-configuration`,
    clientId: oidc.clientId,
    clientSecret: oidc.clientSecret,
    idToken: true,
    checks: ["pkce", "state", "nonce"],
    authorization: { params: { scope: oidc.scopes } },
    client: {
      token_endpoint_auth_method: oidc.tokenAuthMethod,
      ...(oidc.idTokenAlg ? { id_token_signed_response_alg: oidc.idTokenAlg } : {}),
    },
    userinfo: {
      // In the code flow OpenID Connect returns scope claims such as email from userinfo, and many providers
      // put little more than `sub` in the ID token; openid-client refuses a userinfo answer whose `sub` differs.
      async request({ tokens, client }) {
        // next-auth passes openid-client's TokenSet from client.callback(), though its type says less.
        const tokenSet = tokens as unknown as TokenSet;
        const claims = tokenSet.claims();
        if (typeof claims.email === "string") return claims;
        return { ...(await client.userinfo(tokenSet)), ...claims };
      },
    },
    profile(claims) {
      return { id: String(claims.sub), name: claims.name ?? null, email: typeof claims.email === "string" ? claims.email : null };
    },
  };
}

/**
 * Built per request: `request` (from the route handler) is where a sign-in came from, for the audit trail.
 * `forEndpoint` is set by next-auth's own route handler: its /api/auth/session then checks the server-side
 * session and answers `{}` once it has ended (pages and actions check it themselves, through the guard).
 */
export function authOptions(request: RequestInfo = {}, { forEndpoint = false }: { forEndpoint?: boolean } = {}): NextAuthOptions {
  const settings = env();
  const oidc = oidcSettings(settings);
  const limits = { idleMinutes: settings.SESSION_IDLE_MINUTES, maxHours: settings.SESSION_MAX_HOURS };
  return {
    secret: settings.NEXTAUTH_SECRET,
    session: { strategy: "jwt", maxAge: settings.SESSION_MAX_HOURS * 3600 },
    pages: { signIn: "/login", error: "/login" },
    providers: [
      CredentialsProvider({
        name: "Email and password",
        credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
        async authorize(credentials, req) {
          const result = await signIn(
            db(),
            { email: credentials?.email, password: credentials?.password },
            requestInfoOf(req?.headers),
            limits,
          ).catch((error: unknown) => {
            // next-auth passes a thrown error's message to the sign-in form as result.error.
            if (isDatabaseUnavailable(error)) throw new Error(SIGN_IN_UNAVAILABLE);
            throw error;
          });
          if (!result.ok) {
            if (result.locked) throw new Error(SIGN_IN_LOCKED);
            if (result.slowed) throw new Error(SIGN_IN_SLOWED);
            return null;
          }
          return { id: result.user.id, name: result.user.name, email: result.user.email, sid: result.sessionId };
        },
      }),
      ...(oidc ? [identityProvider(oidc)] : []),
    ],
    callbacks: {
      async signIn({ user, account, profile }) {
        if (account?.provider !== OIDC_PROVIDER_ID || !oidc) return true;
        const claims = (profile ?? {}) as IdTokenClaims;
        const result = await signInWithIdentityProvider(
          db(),
          { issuer: claims.iss ?? oidc.issuer, subject: String(claims.sub ?? ""), email: claims.email, emailVerified: claims.email_verified },
          request,
          limits,
          { requireVerifiedEmail: oidc.requireVerifiedEmail },
        ).catch((error: unknown) => {
          if (isDatabaseUnavailable(error)) return { ok: false as const, reason: "unavailable" as const };
          throw error;
        });
        if (!result.ok) {
          const code =
            result.reason === "unavailable"
              ? SIGN_IN_UNAVAILABLE
              : result.reason === "email not verified"
                ? SIGN_IN_EMAIL_UNVERIFIED
                : SIGN_IN_NO_ACCOUNT;
          return `/login?error=${code}`;
        }
        // next-auth hands this same object to the jwt callback below (there is no adapter), so the
        // JWT names the member of staff and their AuthSession, exactly as for a password sign-in.
        Object.assign(user, { id: result.user.id, name: result.user.name, email: result.user.email, sid: result.sessionId });
        return true;
      },
      async jwt({ token, user }) {
        if (user) {
          token.uid = user.id;
          token.sid = (user as { sid?: string }).sid;
        }
        return token;
      },
      async session({ session, token }) {
        const sid = typeof token.sid === "string" ? token.sid : undefined;
        // A signed cookie outlives the session it names (signed out, ended everywhere, idle, deactivated):
        // the endpoint must not keep telling a browser whose cookie that was the name, email and session id.
        if (forEndpoint && !(await resolveSession(db(), sid, limits)).ok) return {} as Session;
        return { ...session, sid };
      },
    },
    events: {
      async signOut({ token }) {
        if (typeof token?.sid === "string") await endSession(db(), token.sid);
      },
    },
  };
}
