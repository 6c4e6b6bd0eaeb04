import type { NextConfig } from 'next';

/**
 * Pages must not be framed by other sites (clickjacking). The one exception is `/embed/*`, which
 * a later issue adds for dashboards that are meant to be embedded; those set their own policy.
 * The negative lookahead keeps `/embed` and `/embed/…` out while matching every other path.
 */
const NOT_EMBED = '/:path((?!embed(?:/|$)).*)';

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // A self-contained server for the container image (Dockerfile.web); `next start` serves the same build.
  output: 'standalone',
  typedRoutes: true,
  async headers() {
    return [
      {
        source: NOT_EMBED,
        headers: [
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'Content-Security-Policy', value: "frame-ancestors 'none'" },
        ],
      },
      {
        source: '/:path*',
        headers: [
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'same-origin' },
        ],
      },
    ];
  },
};

export default nextConfig;
