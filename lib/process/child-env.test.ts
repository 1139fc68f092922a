// xtb and obabel run with a minimal environment: stand-in programs print what they were given.
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embedSmilesTo3d, EmbedError } from '../chem/embed-3d.ts';
import { runXtb } from '../xtb/run-xtb.ts';
import { childEnvironment } from './child-env.ts';

const SECRETS = {
  DATABASE_URL: 'postgres://someone:secret@db.example/postgres',
  SUPABASE_SECRET_KEY: 'sb_secret_do-not-leak',
  QF_ENCRYPTION_KEY: 'do-not-leak',
  QF_WORKER_KEY: 'do-not-leak',
};
let dir: string;
let printEnv: string;
let saved: Record<string, string | undefined>;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'qf-child-env-'));
  printEnv = path.join(dir, 'print-env');
  // Prints its environment on stdout and stderr (obabel's stderr is what an error keeps).
  await writeFile(printEnv, '#!/bin/sh\nenv\nenv >&2\n');
  await chmod(printEnv, 0o755);
  saved = Object.fromEntries(Object.keys(SECRETS).map((k) => [k, process.env[k]]));
  Object.assign(process.env, SECRETS, { XTBPATH: '/usr/share/xtb', OMP_STACKSIZE: '512M' });
});
afterAll(async () => {
  for (const [k, v] of Object.entries(saved)) {
    if (v === undefined) delete process.env[k];
    else process.env[k] = v;
  }
  delete process.env.XTBPATH;
  await rm(dir, { recursive: true, force: true });
});

function expectNoSecrets(text: string) {
  for (const name of Object.keys(SECRETS)) expect(text).not.toContain(`${name}=`);
  expect(text).not.toContain('do-not-leak');
}

describe('child process environment', () => {
  it('keeps PATH, HOME, thread and xtb settings and drops everything else', () => {
    const env = childEnvironment(
      { OMP_NUM_THREADS: '1' },
      { PATH: '/bin', HOME: '/h', XTBPATH: '/x', OMP_STACKSIZE: '1G', ...SECRETS, NODE_OPTIONS: '--inspect' },
    );
    expect(env).toEqual({ PATH: '/bin', HOME: '/h', XTBPATH: '/x', OMP_STACKSIZE: '1G', OMP_NUM_THREADS: '1' });
  });

  it('xtb gets no database URL or keys', async () => {
    const run = await runXtb({ xyz: '1\n\nHe 0 0 0\n', args: ['coord.xyz'], timeoutMs: 10_000, xtbBin: printEnv });
    try {
      expect(run.stdout).toMatch(/^PATH=/m);
      expect(run.stdout).toMatch(/^OMP_NUM_THREADS=1$/m);
      expect(run.stdout).toMatch(/^XTBPATH=\/usr\/share\/xtb$/m);
      expectNoSecrets(run.stdout);
    } finally {
      await run.cleanup();
    }
  });

  it('obabel gets no database URL or keys', async () => {
    const error = await embedSmilesTo3d('CCO', { obabelPath: printEnv, timeoutMs: 10_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(EmbedError);
    const stderr = (error as EmbedError).stderr;
    expect(stderr).toMatch(/^OMP_NUM_THREADS=1$/m);
    expectNoSecrets(stderr);
  });
});
