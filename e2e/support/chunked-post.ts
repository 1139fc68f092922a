// POSTs a body of `limit` bytes in chunks (no Content-Length) as a signed-in user, stopping as soon
// as the server answers: shows whether a route stops reading at its own limit.
import http from 'node:http';
import { readFileSync } from 'node:fs';

export function cookieHeader(storageFile: string): string {
  const state = JSON.parse(readFileSync(storageFile, 'utf8')) as { cookies: { name: string; value: string }[] };
  return state.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
}

export function chunkedPost(
  url: string,
  options: { cookies: string; contentType: string; limit: number },
): Promise<{ status: number; body: string; sentWhenAnswered: number }> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    const req = http.request(
      url,
      { method: 'POST', headers: { cookie: options.cookies, 'content-type': options.contentType, 'transfer-encoding': 'chunked' } },
      (res) => {
        answered = true;
        const sentWhenAnswered = sent;
        let body = '';
        res.on('data', (d) => (body += d));
        res.on('end', () => {
          resolve({ status: res.statusCode!, body, sentWhenAnswered });
          req.destroy();
        });
      },
    );
    req.on('error', (error) => (answered ? undefined : reject(error)));
    const chunk = Buffer.alloc(64 * 1024, 'x');
    // Up to the limit, a chunk at a time, unless the server answers first.
    const pump = () => {
      while (!answered && sent < options.limit) {
        sent += chunk.length;
        if (!req.write(chunk)) return void req.once('drain', pump);
      }
      if (!answered) req.end();
    };
    pump();
  });
}
