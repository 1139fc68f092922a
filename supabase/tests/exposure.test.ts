// `npm start` binds the web app to loopback unless HOST says otherwise, and the demo accounts
// (published password) exist only when asked for and never beside a non-loopback address.
// (e2e/security-exposure.spec.ts reads the listening sockets of a started app.)
import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoAccountsRequested, isLoopbackHost, webHost } from '../local/exposure.ts';

const root = path.resolve(import.meta.dirname, '..', '..');

function start(args: string[], env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['scripts/start.ts', ...args], {
      cwd: root,
      // Ports nobody uses: the start must stop before binding anything.
      env: {
        ...process.env,
        QF_IGNORE_ENV_LOCAL: '1',
        SUPABASE_URL: '',
        DATABASE_URL: '',
        PORT: '1',
        QF_PG_PORT: '2',
        QF_AUTH_PORT: '3',
        QF_DATA_DIR: '.data/test-exposure-never-created',
        ...env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('exit', (code) => resolve({ code, output }));
  });
}

describe('where the web app listens', () => {
  it('is loopback by default; HOST moves it', () => {
    expect(webHost({})).toBe('127.0.0.1');
    expect(webHost({ HOST: '0.0.0.0' })).toBe('0.0.0.0');
    for (const host of ['127.0.0.1', 'localhost', '::1', '[::1]', '127.0.1.1']) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.10', 'example.org', '128.0.0.1']) expect(isLoopbackHost(host), host).toBe(false);
  });
});

describe('demo accounts', () => {
  it('are created only when asked for', () => {
    expect(demoAccountsRequested([], {})).toBe(false);
    expect(demoAccountsRequested(['--fresh'], {})).toBe(false);
    expect(demoAccountsRequested(['--demo'], {})).toBe(true);
    expect(demoAccountsRequested([], { QF_DEMO_ACCOUNTS: '1' })).toBe(true);
  });

  it('are refused when the app would listen beyond loopback, before anything starts', async () => {
    for (const [args, env] of [
      [['--demo'], { HOST: '0.0.0.0' }],
      [[], { HOST: '::', QF_DEMO_ACCOUNTS: '1' }],
    ] as const) {
      const { code, output } = await start([...args], env);
      expect(code).toBe(1);
      expect(output).toMatch(/refusing the demo accounts: their password is published/);
      expect(output).not.toMatch(/PostgreSQL on/);
    }
  });
});
