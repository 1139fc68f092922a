// Per-job time limits. xtb 6.5.1 hangs on some inputs (an empty file waits forever), so every run has
// one. The default grows with the system: a drug-like GFN2 optimisation takes ~0.7 s on one core
// here, a Hessian roughly 3N gradients more.
import { MAX_TIMEOUT_SECONDS, type Task } from '../calculations/parameters.ts';

/** Open Babel embeds a drug-like molecule in ~45 ms; anything near this limit is pathological. */
export const EMBED_TIMEOUT_MS = 30_000;

export function defaultTimeoutSeconds(atomCount: number, task: Task): number {
  const override = Number(process.env.QF_XTB_TIMEOUT_SECONDS);
  if (Number.isFinite(override) && override > 0) return Math.min(MAX_TIMEOUT_SECONDS, Math.round(override));
  const atoms = Math.max(1, atomCount);
  const perAtom = task === 'sp' ? 0.5 : task === 'opt' ? 3 : 10;
  return Math.min(MAX_TIMEOUT_SECONDS, Math.round(120 + perAtom * atoms * Math.max(1, atoms / 50)));
}

/** How long one attempt may stay active in the queue before pg-boss hands it to another worker. */
export function jobExpirySeconds(timeoutSeconds: number): number {
  return Math.ceil(timeoutSeconds + EMBED_TIMEOUT_MS / 1000 + 120);
}
