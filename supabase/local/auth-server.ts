// The local Supabase Auth (GoTrue) compatible server: the HTTP API that @supabase/supabase-js v2
// speaks under /auth/v1, backed by the `auth` schema of the embedded PostgreSQL. The endpoints live
// in ./auth/handlers.ts; tokens, sessions and users in the modules next to it.
import http from 'node:http';
import type pg from 'pg';
import { createRequestHandler, type ApiContext } from './auth/handlers.ts';
import { LocalMailbox } from './auth/mailbox.ts';
import { warmUpPasswordHashing } from './auth/passwords.ts';
import { resolveAuthSettings, type AuthSettings } from './auth/settings.ts';
import { RateLimiter } from '../../lib/rate-limit/rate-limiter.ts';
import { loadTokenKeys } from './auth/tokens.ts';
import { publicJwk, type LocalSecrets } from './secrets.ts';

export interface AuthServerOptions {
  port: number;
  pool: pg.Pool;
  secrets: LocalSecrets;
  siteUrl: string;
  /** Interface to listen on; the stack is local only. */
  host?: string;
  /** Overrides of the defaults (and of the QF_AUTH_* environment variables). */
  settings?: Partial<AuthSettings>;
  log?: (line: string) => void;
}

/** Version reported by /health: the GoTrue API level this server imitates. */
const VERSION = 'v2.180.0-quantum-forge-local';

export async function startAuthServer(options: AuthServerOptions): Promise<{ close: () => Promise<void>; port: number }> {
  const host = options.host ?? '127.0.0.1';
  const signingPublicJwk = publicJwk(options.secrets.signingKey);
  const settings = resolveAuthSettings(options.settings);
  const log = options.log ?? ((line: string) => console.error(line));
  await warmUpPasswordHashing();
  const mailbox = new LocalMailbox();
  const mailPage = () => ctx.issuer.replace(/\/auth\/v1$/, '/mail');
  const ctx: ApiContext = {
    pool: options.pool,
    keys: await loadTokenKeys(options.secrets.signingKey, signingPublicJwk),
    settings,
    limits: {
      signInPerAddress: new RateLimiter(settings.rateLimitSignInPerAddress, settings.rateLimitWindowSeconds * 1000),
      failedSignInPerAccount: new RateLimiter(settings.rateLimitFailedSignInPerAccount, settings.rateLimitWindowSeconds * 1000),
      recoveryPerAccount: new RateLimiter(settings.rateLimitRecoveryPerAccount, settings.rateLimitWindowSeconds * 1000),
    },
    // No mail leaves the machine: links are printed where the developer sees them and listed on
    // the local mail page (/mail on this server).
    mail: (to, subject, link) => {
      mailbox.add({ to, subject, link });
      log(`[auth] mail to ${to}: ${subject}: ${link} (also on ${mailPage()})`);
    },
    mailbox,
    siteUrl: options.siteUrl,
    // The URL the app and supabase-js use (SUPABASE_URL) plus the auth path, as on Supabase.
    issuer: `http://127.0.0.1:${options.port}/auth/v1`,
    publishableKey: options.secrets.publishableKey,
    secretKey: options.secrets.secretKey,
    jwks: { keys: [signingPublicJwk] },
    version: VERSION,
  };
  const server = http.createServer(createRequestHandler(ctx, log));
  // Bounded waits, so that a stuck client cannot hold a connection for ever.
  server.requestTimeout = 30_000;
  server.headersTimeout = 10_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as { port: number }).port;
  ctx.issuer = `http://127.0.0.1:${port}/auth/v1`; // port 0 (tests) becomes the one chosen
  return {
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => (error ? reject(error) : resolve()));
        server.closeIdleConnections();
      }),
  };
}
