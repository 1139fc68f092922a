// The example scripts' tests serve the API's route handlers over real HTTP on a free local port, so a
// script runs exactly as a user runs it (node, fetch, a key) against the test database.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export type RouteHandler = (request: Request, context: { params: Promise<{ id: string }> }) => Promise<Response>;
/** A path pattern (its first group is the id) and the route module's handlers by method. */
export type Route = [RegExp, Record<string, unknown>];

export async function serveRoutes(routes: Route[]): Promise<{ url: string; close: () => Promise<void> }> {
  let url = '';
  const server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const target = new URL(req.url ?? '/', url);
    const route = routes.find(([pattern]) => pattern.test(target.pathname));
    const handler = route?.[1][req.method ?? 'GET'] as RouteHandler | undefined;
    if (!route || !handler) {
      res.writeHead(404).end();
      return;
    }
    const id = route[0].exec(target.pathname)?.[1] ?? '';
    const request = new Request(target, {
      method: req.method,
      headers: req.headers as Record<string, string>,
      body: chunks.length ? Buffer.concat(chunks) : undefined,
    });
    const response = await handler(request, { params: Promise.resolve({ id }) });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}
