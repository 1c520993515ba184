/**
 * next-auth configuration: email and password, JWT sessions. The JWT carries
 * only the user's id and the AuthSession id; lib/auth/sessions.ts checks that
 * session against the database on every request.
 */
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { db } from "@/lib/db/client";
import { env } from "@/lib/env";
import { isDatabaseUnavailable } from "@/lib/errors/database";
import { endSession, signIn } from "./sessions";

function headerValue(headers: unknown, name: string): string | null {
  if (!headers) return null;
  if (typeof (headers as Headers).get === "function") return (headers as Headers).get(name);
  const value = (headers as Record<string, string | string[] | undefined>)[name];
  return Array.isArray(value) ? (value[0] ?? null) : (value ?? null);
}

/** The error code the login form shows as "database unavailable" rather than "wrong password". */
export const SIGN_IN_UNAVAILABLE = "UNAVAILABLE";
/** The error code for "too many failed attempts". */
export const SIGN_IN_LOCKED = "LOCKED";

export function clientIp(headers: unknown): string | null {
  const forwarded = headerValue(headers, "x-forwarded-for");
  return forwarded?.split(",")[0]?.trim() || headerValue(headers, "x-real-ip");
}

export function authOptions(): NextAuthOptions {
  const settings = env();
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
            { ip: clientIp(req?.headers), userAgent: headerValue(req?.headers, "user-agent") },
            { idleMinutes: settings.SESSION_IDLE_MINUTES, maxHours: settings.SESSION_MAX_HOURS },
          ).catch((error: unknown) => {
            // next-auth passes a thrown error's message to the sign-in form as result.error.
            if (isDatabaseUnavailable(error)) throw new Error(SIGN_IN_UNAVAILABLE);
            throw error;
          });
          if (!result.ok) {
            if (result.locked) throw new Error(SIGN_IN_LOCKED);
            return null;
          }
          return { id: result.user.id, name: result.user.name, email: result.user.email, sid: result.sessionId };
        },
      }),
    ],
    callbacks: {
      async jwt({ token, user }) {
        if (user) {
          token.uid = user.id;
          token.sid = (user as { sid?: string }).sid;
        }
        return token;
      },
      async session({ session, token }) {
        return { ...session, sid: typeof token.sid === "string" ? token.sid : undefined };
      },
    },
    events: {
      async signOut({ token }) {
        if (typeof token?.sid === "string") await endSession(db(), token.sid);
      },
    },
  };
}
