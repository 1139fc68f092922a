// The Content-Security-Policy of every page, with a fresh nonce per request (proxy.ts makes it;
// Next.js puts it on its own scripts when it finds the policy in the request headers, and the root
// layout on the theme script). What the policy allows, and for whom:
//   script-src  the nonce, and what nonced scripts load ('strict-dynamic'); 'wasm-unsafe-eval'
//               for Ketcher's Indigo WebAssembly (compiled in its worker). No 'unsafe-eval' and
//               no 'unsafe-inline' in production (next dev needs eval for its refresh runtime).
//   worker-src  Ketcher starts its Indigo worker from a blob: URL.
//   style-src   'unsafe-inline': React renders style attributes and Ketcher injects <style>
//               elements at run time; style cannot run code.
//   img-src     data:/blob: for depictions, Ketcher's images and 3Dmol's exported canvases.
//   connect-src this origin only (the auth server is reached by the app's server, not the browser).
//   frame-ancestors 'none' (no framing: clickjacking), object-src 'none', base-uri/form-action 'self'.

export const NONCE_HEADER = 'x-nonce';

export function newNonce(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64');
}

export function contentSecurityPolicy(nonce: string, options: { dev?: boolean; https?: boolean } = {}): string {
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'", `'nonce-${nonce}'`, "'strict-dynamic'", "'wasm-unsafe-eval'", ...(options.dev ? ["'unsafe-eval'"] : [])],
    'worker-src': ["'self'", 'blob:'],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'", ...(options.dev ? ['ws:'] : [])],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  };
  const policy = Object.entries(directives).map(([name, values]) => `${name} ${values.join(' ')}`);
  if (options.https) policy.push('upgrade-insecure-requests');
  return policy.join('; ');
}

// Where the request came in over HTTPS is decided with the cookies' rule (one definition).
export { servedOverHttps } from '../http/app-cookies.ts';
