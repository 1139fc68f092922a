// Password hashing (bcrypt, cost 10, as GoTrue) and GoTrue's strength rules. bcrypt runs in worker
// threads (./bcrypt-worker.ts) so that hashing never holds the auth server's event loop.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { badRequest, weakPasswordError } from './errors.ts';

export const BCRYPT_COST = 10;
/** bcrypt ignores bytes beyond 72, so GoTrue refuses longer passwords. */
const MAX_PASSWORD_BYTES = 72;

interface Pending {
  resolve: (value: unknown) => void;
  reject: (error: Error) => void;
}

class BcryptPool {
  private readonly workers: { worker: Worker; busy: number }[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  private spawn(): { worker: Worker; busy: number } {
    const worker = new Worker(new URL('./bcrypt-worker.ts', import.meta.url));
    const slot = { worker, busy: 0 };
    worker.on('message', (msg: { id: number; result?: unknown; error?: string }) => {
      const job = this.pending.get(msg.id);
      if (!job) return;
      this.pending.delete(msg.id);
      slot.busy--;
      if (msg.error !== undefined) job.reject(new Error(msg.error));
      else job.resolve(msg.result);
    });
    worker.on('error', (error) => {
      // A crashed worker fails what it held; the next call starts a new one.
      this.workers.splice(this.workers.indexOf(slot), 1);
      for (const [id, job] of this.pending) {
        this.pending.delete(id);
        job.reject(error);
      }
    });
    worker.unref(); // an idle pool never keeps the process alive
    this.workers.push(slot);
    return slot;
  }

  run<T>(op: 'hash' | 'compare', a: string, b: string | number): Promise<T> {
    const size = Math.max(1, Math.min(4, availableParallelism() - 1));
    let slot = this.workers.reduce<(typeof this.workers)[number] | undefined>((best, w) => (!best || w.busy < best.busy ? w : best), undefined);
    if (!slot || (slot.busy > 0 && this.workers.length < size)) slot = this.spawn();
    slot.busy++;
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      slot.worker.postMessage({ id, op, a, b });
    });
  }
}

const pool = new BcryptPool();

export function hashPassword(password: string): Promise<string> {
  return pool.run<string>('hash', password, BCRYPT_COST);
}

// Compared against when the e-mail is unknown (or has no password), so that the answer takes as
// long as a wrong password for a real account: same cost, same work.
let dummyHash: Promise<string> | undefined;

/** Starts the worker and computes the dummy hash, so that the first unknown e-mail is not slower. */
export async function warmUpPasswordHashing(): Promise<void> {
  await (dummyHash ??= hashPassword('not-a-real-password'));
}

export async function verifyPassword(password: string, hash: string | null | undefined): Promise<boolean> {
  if (!hash || !/^\$2[aby]\$\d{2}\$/.test(hash)) {
    await pool.run<boolean>('compare', password, await (dummyHash ??= hashPassword('not-a-real-password')));
    return false;
  }
  try {
    return await pool.run<boolean>('compare', password, hash);
  } catch {
    return false;
  }
}

export interface PasswordWeakness {
  message: string;
  reasons: string[];
}

/** Too long → 400 validation_failed (thrown); too short → the weakness, or null when strong. */
export function passwordWeakness(password: string, minLength: number): PasswordWeakness | null {
  if (Buffer.byteLength(password, 'utf8') > MAX_PASSWORD_BYTES) {
    throw badRequest('validation_failed', `Password cannot be longer than ${MAX_PASSWORD_BYTES} characters`);
  }
  if (Buffer.byteLength(password, 'utf8') < minLength) {
    return { message: `Password should be at least ${minLength} characters.`, reasons: ['length'] };
  }
  return null;
}

export function assertStrongPassword(password: string, minLength: number): void {
  const weakness = passwordWeakness(password, minLength);
  if (weakness) throw weakPasswordError(weakness.message, weakness.reasons);
}
