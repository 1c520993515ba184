import NextAuth from "next-auth";
import { authOptions, requestInfoOf } from "@/lib/auth/options";

// next-auth's own endpoints (sign-in, sign-out, CSRF token, the identity provider's callback); the options are
// built per request so settings are read at run time and a sign-in's audit event says where it came from, and
// the session endpoint checks the server-side session (an ended one answers `{}`).
function handler(request: Request, context: { params: Promise<{ nextauth: string[] }> }) {
  return NextAuth(authOptions(requestInfoOf(request.headers), { forEndpoint: true }))(request, context);
}

export { handler as GET, handler as POST };
