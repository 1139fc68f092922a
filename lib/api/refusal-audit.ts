// REST API refusals in the audit log, as the server actions' are (lib/actions/safe-action.ts): a
// role that may not act (403), and an id of someone else's that row-level security answered as
// "not found" (404). Telling "someone else's" from "exists nowhere" takes a privileged look at the
// row; an id that exists nowhere is not recorded (it reveals nothing and would only add noise).
// Written after the response is made, never on the request's path, and capped per caller: at most
// `QF_AUDIT_API_REFUSALS_PER_MINUTE` (default 20) rows a minute, the rest counted into one summary
// row when the minute ends, so a flood of 404s cannot flood the table.
import 'server-only';
import { originOf, recordDenied, type RequestOrigin } from '../admin/audit-log.ts';
import { can, type Permission } from '../auth/permissions.ts';
import { asService } from '../db/service.ts';
import type { ApiCaller } from './authenticate.ts';

/** The id-addressed collections of /api/v1 and the table that says who owns an id. */
const RESOURCES: Record<string, { table: string; entity: string }> = {
  calculations: { table: 'calculations', entity: 'calculation' },
  batches: { table: 'batch_jobs', entity: 'batch' },
  molecules: { table: 'molecules', entity: 'molecule' },
};

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const WINDOW_MS = 60_000;

function perMinute(): number {
  const n = Number(process.env.QF_AUDIT_API_REFUSALS_PER_MINUTE ?? 20);
  return Number.isInteger(n) && n > 0 ? n : 20;
}

interface Window {
  start: number;
  recorded: number;
  suppressed: number;
  timer: NodeJS.Timeout | null;
  origin: RequestOrigin;
}

const windows = new Map<string, Window>();
const inFlight = new Set<Promise<void>>();

function track(work: Promise<void>): void {
  const p = work.catch((error: unknown) => console.error('[audit] could not record an API refusal', error));
  inFlight.add(p);
  void p.finally(() => inFlight.delete(p));
}

/** The summary of a minute's refusals that were counted, not recorded one by one. */
function flushWindow(userId: string, w: Window): Promise<void> {
  if (w.timer) clearTimeout(w.timer);
  w.timer = null;
  windows.delete(userId);
  if (w.suppressed === 0) return Promise.resolve();
  return recordDenied({
    userId,
    action: 'api.refusals_capped',
    entityType: 'api',
    entityId: null,
    changes: { suppressed: w.suppressed, window_start: new Date(w.start).toISOString(), recorded: w.recorded },
    reason: `${w.suppressed} more refused API requests in this minute (over ${perMinute()} a minute: counted, not recorded one by one)`,
    origin: w.origin,
  });
}

/** Whether this caller may have one more row this minute; otherwise the refusal is counted. */
function admit(userId: string, origin: RequestOrigin, now = Date.now()): boolean {
  let w = windows.get(userId);
  if (w && now - w.start >= WINDOW_MS) {
    track(flushWindow(userId, w));
    w = undefined;
  }
  if (!w) {
    // Forget finished minutes with nothing left to sum up, so the map stays as small as the refusals of the last minute.
    if (windows.size >= 1000) for (const [id, old] of windows) if (now - old.start >= WINDOW_MS && old.suppressed === 0) windows.delete(id);
    w = { start: now, recorded: 0, suppressed: 0, timer: null, origin };
    windows.set(userId, w);
  }
  if (w.recorded < perMinute()) {
    w.recorded += 1;
    return true;
  }
  w.suppressed += 1;
  if (!w.timer) {
    const current = w;
    current.timer = setTimeout(() => track(flushWindow(userId, current)), Math.max(0, current.start + WINDOW_MS - now));
    current.timer.unref();
  }
  return false;
}

/** The resource a path addresses by id: /calculations/{id}/… → calculation {id}. */
function addressed(pathname: string): { table: string; entity: string; id: string; template: string } | null {
  const parts = pathname.replace(/^\/api\/v1\//, '').split('/');
  const resource = RESOURCES[parts[0] ?? ''];
  if (!resource || !parts[1] || !UUID.test(parts[1])) return null;
  return { ...resource, id: parts[1].toLowerCase(), template: ['', parts[0], '{id}', ...parts.slice(2)].join('/') };
}

async function ownerOf(table: string, id: string): Promise<string | null> {
  return asService(async (db) => {
    // `table` comes from RESOURCES above, never from the request.
    const { rows } = await db.query<{ owner_id: string }>(`select owner_id from public.${table} where id = $1`, [id]);
    return rows[0]?.owner_id ?? null;
  });
}

async function record(caller: ApiCaller, request: Request, url: URL, status: number, permission: Permission | undefined): Promise<void> {
  const origin = originOf(request.headers);
  const target = addressed(url.pathname);
  const action = `api ${request.method} ${target?.template ?? url.pathname.replace(/^\/api\/v1/, '')}`.slice(0, 100);
  if (status === 403) {
    if (!admit(caller.id, origin)) return;
    const byRole = permission !== undefined && !can(caller, permission);
    await recordDenied({
      userId: caller.id,
      action,
      entityType: byRole || !target ? 'permission' : target.entity,
      entityId: byRole || !target ? (permission ?? null) : target.id,
      reason: byRole ? `role ${caller.role} may not` : 'refused (HTTP 403)',
      changes: caller.apiKeyId ? { api_key_id: caller.apiKeyId } : undefined,
      origin,
    });
    return;
  }
  if (!target) return;
  const owner = await ownerOf(target.table, target.id);
  if (owner === null || owner === caller.id) return; // exists nowhere, or the caller's own (a 404 of something else, a file say)
  if (!admit(caller.id, origin)) return;
  await recordDenied({
    userId: caller.id,
    action,
    entityType: target.entity,
    entityId: target.id,
    reason: `another user's ${target.entity} (answered "not found")`,
    changes: { owner_id: owner, ...(caller.apiKeyId ? { api_key_id: caller.apiKeyId } : {}) },
    origin,
  });
}

/**
 * Records a 403 or 404 answer to an identified caller as a denied attempt, after the fact: returns
 * at once, the work runs in the background (its failure is logged, never the caller's).
 */
export function auditApiRefusal(caller: ApiCaller, request: Request, url: URL, status: number, permission: Permission | undefined): void {
  if (status !== 403 && status !== 404) return;
  track(record(caller, request, url, status, permission));
}

/** Waits for the refusals being written and writes the pending minute summaries now (tests, shutdown). */
export async function settleApiRefusalAudits(): Promise<void> {
  while (inFlight.size > 0) await Promise.all([...inFlight]);
  await Promise.all([...windows.entries()].map(([userId, w]) => flushWindow(userId, w)));
}
