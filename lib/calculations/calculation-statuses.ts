// Live status of a few calculations (the ones on screen), for polling while jobs run.
import 'server-only';
import { asUser, type JwtClaims } from '../db/as-user.ts';
import type { CalculationStatus } from './statuses.ts';
import { readJson, storedProgressSchema, type StoredProgress } from './json-columns.ts';

export interface CalculationStatusDto {
  id: string;
  status: CalculationStatus;
  attempts: number;
  cancelRequested: boolean;
  startedAt: string | null;
  finishedAt: string | null;
  updatedAt: string;
  /** While queued: how many queued calculations (anyone's) were submitted before this one. */
  queuedAhead: number | null;
  /** While running an optimisation: the latest cycle the worker read from xtb's log (this attempt's). */
  progress: { step: number; energyEh: number; gradientNorm: number } | null;
}

export function progressOf(status: CalculationStatus, attempts: number, stored: StoredProgress | null): CalculationStatusDto['progress'] {
  if (status !== 'running' || !stored || stored.attempt !== attempts) return null;
  const { step, energy_eh: energyEh, gradient_norm: gradientNorm } = stored;
  return typeof step === 'number' && typeof energyEh === 'number' && typeof gradientNorm === 'number' ? { step, energyEh, gradientNorm } : null;
}

export const MAX_STATUS_IDS = 100;

export async function getCalculationStatuses(claims: JwtClaims, ids: readonly string[]): Promise<CalculationStatusDto[]> {
  if (ids.length === 0) return [];
  return asUser(claims, async (db) => {
    const { rows } = await db.query<{
      id: string;
      status: CalculationStatus;
      attempts: number;
      cancel_requested: boolean;
      started_at: Date | null;
      finished_at: Date | null;
      updated_at: Date;
      queued_ahead: number | null;
      progress: unknown;
    }>(
      `select id, status, attempts, cancel_requested, started_at, finished_at, updated_at, progress,
              case when status = 'queued' then public.queued_before(queued_at, id) end as queued_ahead
         from public.calculations where id = any($1::uuid[])`,
      [ids.slice(0, MAX_STATUS_IDS)],
    );
    return rows.map((r) => ({
      id: r.id,
      status: r.status,
      attempts: r.attempts,
      cancelRequested: r.cancel_requested,
      startedAt: r.started_at?.toISOString() ?? null,
      finishedAt: r.finished_at?.toISOString() ?? null,
      updatedAt: r.updated_at.toISOString(),
      queuedAhead: r.queued_ahead,
      progress: progressOf(r.status, r.attempts, readJson(storedProgressSchema, r.progress)),
    }));
  });
}
