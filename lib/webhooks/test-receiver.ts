// A webhook receiver for tests (Vitest and Playwright): an HTTP server on 127.0.0.1 that records
// every request and answers 200. Reaching it needs QF_WEBHOOKS_ALLOW_PRIVATE=1.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  path: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface TestReceiver {
  received: ReceivedRequest[];
  /** http://127.0.0.1:<port> */
  url: () => string;
  listen: () => Promise<void>;
  close: () => Promise<void>;
}

export function testReceiver(answer = 'ok'): TestReceiver {
  const received: ReceivedRequest[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      received.push({ path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(200).end(answer);
    });
  });
  return {
    received,
    url: () => `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    listen: () => new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve)),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
