// The embedded stack keeps its data across a clean stop (Ctrl-C) and comes back after a kill -9 of
// the process that owned it (the orphaned PostgreSQL and its postmaster.pid are dealt with).
import { spawn, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..', '..');
const dataDir = `.data/test-restart-${process.pid}`;
const env = { ...process.env, QF_DATA_DIR: dataDir, QF_PG_PORT: '55632', QF_AUTH_PORT: '55631' };

function startStack(): Promise<{ child: ChildProcess; databaseUrl: string }> {
  const child = spawn(process.execPath, [path.join(root, 'supabase/local/start.ts')], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => reject(new Error(`stack did not start:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      // The superuser's URL: the probe table is created where the app's own login may not create.
      const match = /^QF_ADMIN_DATABASE_URL=(.+)$/m.exec(output);
      if (match) {
        clearTimeout(timer);
        resolve({ child, databaseUrl: match[1]!.trim() });
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`stack exited with ${code}:\n${output}`)));
  });
}

const exited = (child: ChildProcess) => new Promise((resolve) => (child.exitCode !== null ? resolve(null) : child.once('exit', resolve)));

async function query(databaseUrl: string, sql: string, values: unknown[] = []) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await client.query(sql, values);
  } finally {
    await client.end();
  }
}

describe('embedded stack restarts', () => {
  afterAll(async () => {
    await rm(path.join(root, dataDir), { recursive: true, force: true });
  });

  it('keeps data across Ctrl-C and recovers after kill -9', async () => {
    const first = await startStack();
    await query(first.databaseUrl, 'create table if not exists public.restart_probe (v text)');
    await query(first.databaseUrl, `insert into public.restart_probe values ('kept')`);

    first.child.kill('SIGINT');
    await exited(first.child);

    const second = await startStack();
    expect((await query(second.databaseUrl, 'select v from public.restart_probe')).rows).toEqual([{ v: 'kept' }]);

    second.child.kill('SIGKILL'); // PostgreSQL survives as an orphan holding the port and postmaster.pid
    await exited(second.child);

    const third = await startStack();
    expect((await query(third.databaseUrl, 'select v from public.restart_probe')).rows).toEqual([{ v: 'kept' }]);
    third.child.kill('SIGINT');
    await exited(third.child);
  }, 180_000);
});
