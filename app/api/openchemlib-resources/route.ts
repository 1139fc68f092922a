// OpenChemLib's static resources (force-field and torsion tables, 1.3 MB of JSON), which its
// ConformerGenerator needs in the browser for the editor's 3D preview. The package does not export
// the file to bundlers, so it is served from node_modules, cached by the browser for a day.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { problemResponse } from '@/lib/http/problem';

export const runtime = 'nodejs';

let cached: Promise<Buffer> | null = null;

function load(): Promise<Buffer> {
  if (!cached) {
    // The app runs from the project root (next start / next dev); bundling rewrites module resolution.
    cached = readFile(path.join(process.cwd(), 'node_modules', 'openchemlib', 'dist', 'resources.json'));
    cached.catch(() => {
      cached = null;
    });
  }
  return cached;
}

export async function GET() {
  try {
    const body = await load();
    return new Response(new Uint8Array(body), {
      headers: { 'content-type': 'application/json', 'cache-control': 'public, max-age=86400, immutable' },
    });
  } catch (error) {
    console.error('OpenChemLib resources could not be read', error);
    return problemResponse({ status: 503, detail: 'The resource tables of the 3D preview (OpenChemLib) are not installed on the server.' });
  }
}
