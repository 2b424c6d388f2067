import { fileURLToPath } from 'node:url';
import type { NextConfig } from 'next';

// The repository root: the workspace's dependencies are hoisted there, and the standalone
// output must trace them from it.
const root = fileURLToPath(new URL('..', import.meta.url));

// Same-origin as behind the ingress: the ingress sends /api and /openapi.json to the API,
// and here a rewrite does. Rewrites are fixed at build time; in a cluster the ingress
// matches /api before the web ever sees it, so this only serves `next dev` and a bare `next start`.
const api = (process.env.SENTINEL_API_URL ?? 'http://127.0.0.1:8000').replace(/\/$/, '');

const config: NextConfig = {
  output: 'standalone',
  outputFileTracingRoot: root,
  turbopack: { root },
  poweredByHeader: false,
  // The console shows no raster images: next/image would serve files as they are, so the image
  // (docker/Dockerfile, target web) ships without sharp.
  images: { unoptimized: true },
  reactStrictMode: true,
  async rewrites() {
    return [
      { source: '/api/:path*', destination: `${api}/api/:path*` },
      { source: '/openapi.json', destination: `${api}/openapi.json` },
    ];
  },
};

export default config;
