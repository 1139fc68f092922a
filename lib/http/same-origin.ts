// Whether a request comes from this site's own pages: the second lock on cookie-authenticated
// routes that change data (the session cookie is SameSite=Lax already).
export function sameOrigin(request: Request): boolean {
  const origin = request.headers.get('origin');
  if (!origin) return true; // same-origin beacons and some same-origin requests omit it
  const host = request.headers.get('x-forwarded-host') ?? request.headers.get('host');
  try {
    return new URL(origin).host === host;
  } catch {
    return false;
  }
}
