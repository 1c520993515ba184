import NextAuth from "next-auth";
import { authOptions, requestInfoOf } from "@/lib/auth/options";

// next-auth's own endpoints (sign-in, sign-out, CSRF token, the identity provider's callback); the options are
// built per request so settings are read at run time and a sign-in's audit event says where it came from.
function handler(request: Request, context: { params: Promise<{ nextauth: string[] }> }) {
  return NextAuth(authOptions(requestInfoOf(request.headers)))(request, context);
}

export { handler as GET, handler as POST };
