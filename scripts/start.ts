// `npm start`: the whole app on one machine. Without Supabase settings in .env.local it first
// brings up the embedded local stack (PostgreSQL on 54322, auth on 54321), then builds the web app
// if its sources changed, and serves it on http://localhost:3000 (bound to 127.0.0.1; HOST moves it).
// Ctrl-C stops everything.
//   --dev    next dev instead of a production build
//   --fresh  wipe the data directory first (tests use this with their own QF_DATA_DIR)
//   --demo   create the demo accounts (also QF_DEMO_ACCOUNTS=1); refused unless bound to loopback
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { localStackConfig } from '../supabase/local/config.ts';
import { startLocalStack, type LocalStack } from '../supabase/local/stack.ts';
import { demoAccountsRequested, isLoopbackHost, webHost } from '../supabase/local/exposure.ts';

const root = path.resolve(import.meta.dirname, '..');
const args = new Set(process.argv.slice(2));
const dev = args.has('--dev');
const port = process.env.PORT ?? '3000';
const log = (line: string) => console.log(`[start] ${line}`);

if (!process.env.QF_IGNORE_ENV_LOCAL && existsSync(path.join(root, '.env.local'))) process.loadEnvFile(path.join(root, '.env.local'));
const hosted = Boolean(process.env.SUPABASE_URL && process.env.DATABASE_URL);
const host = webHost();
const exposed = !isLoopbackHost(host);
const demo = demoAccountsRequested([...args]);
if (demo && exposed) {
  console.error(
    `[start] refusing the demo accounts: their password is published, and HOST=${host} is reachable from other machines. Bind to 127.0.0.1 or drop --demo.`,
  );
  process.exit(1);
}
if (demo && hosted) {
  console.error('[start] --demo is for the embedded local stack only; a hosted project gets no demo accounts.');
  process.exit(1);
}

let stack: LocalStack | undefined;
const children: ChildProcess[] = [];
let stopping = false;

async function stop(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    for (const child of children) if (child.exitCode === null) child.kill('SIGTERM');
    await Promise.all(children.map((c) => (c.exitCode === null ? new Promise((r) => c.once('exit', r)) : null)));
    await stack?.stop().catch(() => {});
  }
  process.exit(code);
}
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));

function run(name: string, command: string[], env: NodeJS.ProcessEnv): ChildProcess {
  const child = spawn(process.execPath, ['--import', path.join(root, 'scripts/exit-with-parent.ts'), ...command], {
    cwd: root,
    env,
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  children.push(child);
  child.on('exit', (code, signal) => {
    if (!stopping) {
      log(`${name} exited (${signal ?? code}); stopping`);
      void stop(code || 1);
    }
  });
  return child;
}

function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(full));
    else if (!entry.name.includes('.test.')) newest = Math.max(newest, statSync(full).mtimeMs);
  }
  return newest;
}

function buildIsStale(): boolean {
  const buildId = path.join(root, '.next', 'BUILD_ID');
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  const sources = ['app', 'components', 'lib', 'public'].filter((d) => existsSync(path.join(root, d)));
  const files = ['proxy.ts', 'instrumentation-client.ts', 'next.config.ts', 'package-lock.json', 'postcss.config.mjs']
    .map((f) => path.join(root, f))
    .filter(existsSync);
  const newest = Math.max(...sources.map((d) => newestSource(path.join(root, d))), ...files.map((f) => statSync(f).mtimeMs));
  return newest > built;
}

async function buildApp(env: NodeJS.ProcessEnv): Promise<void> {
  log('building the web app (first start or changed sources; takes a minute or two)');
  const code = await new Promise<number>((resolve) => {
    const child = spawn(process.execPath, [path.join(root, 'node_modules/next/dist/bin/next'), 'build'], {
      cwd: root,
      env,
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    children.push(child);
    child.on('exit', (c) => {
      children.splice(children.indexOf(child), 1);
      resolve(c ?? 1);
    });
  });
  if (code !== 0) {
    log('next build failed');
    await stop(1);
  }
}

try {
  let env: NodeJS.ProcessEnv = { ...process.env, PORT: port, NEXT_TELEMETRY_DISABLED: '1' };
  if (hosted) {
    log('using the Supabase project configured in .env.local');
  } else {
    const config = localStackConfig();
    if (args.has('--fresh')) await rm(config.dataDir, { recursive: true, force: true });
    stack = await startLocalStack({ config, demo, exposed });
    env = { ...env, ...stack.env };
  }
  const nextBin = path.join(root, 'node_modules/next/dist/bin/next');
  if (dev) {
    run('web', [nextBin, 'dev', '-H', host, '-p', port], env);
  } else {
    if (buildIsStale()) await buildApp({ ...env, NODE_ENV: 'production' });
    run('web', [nextBin, 'start', '-H', host, '-p', port], { ...env, NODE_ENV: 'production' });
  }
  // The long-running calculation worker (lib/jobs/worker.ts) next to the web app.
  if (process.env.QF_START_WORKER !== '0') run('worker', ['--conditions=react-server', path.join(root, 'scripts/worker.ts')], env);
  const shown = exposed ? (host.includes(':') ? `[${host}]` : host) : 'localhost';
  log(`Quantum Forge on http://${shown}:${port}${exposed ? '' : ' (this machine only; HOST changes that)'} (Ctrl-C stops it)`);
} catch (error) {
  console.error(`[start] ${(error as Error).message}`);
  await stop(1);
}
