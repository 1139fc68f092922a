// Load test of session auto-save (not a test in the suite): N simulated users edit and auto-save for
// a while through the same data-access function the server action and the beacon route call
// (saveUiState: validation, RLS transaction, one-statement ordered upsert). Some saves are replayed
// late with an older revision, as a delayed beacon would be; they must be refused. At the end every
// user's stored state must equal their last edit.
//
//   node --conditions=react-server scripts/load-session-save.ts [--seconds 60] [--users 50] [--interval 2000]
//
// Without DATABASE_URL it starts a throw-away local stack in .data/load-session (ports 60632/60631,
// or QF_LOAD_PG_PORT / QF_LOAD_AUTH_PORT). --interval is each user's mean time between saves in ms
// (the client debounces to 2 s; 0 = as fast as possible). Exits 1 on any error or mismatch.
import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { isDeepStrictEqual } from 'node:util';
import pg from 'pg';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    users: { type: 'string', default: '50' },
    interval: { type: 'string', default: '2000' },
  },
});
const SECONDS = Number(args.seconds);
const USERS = Number(args.users);
const INTERVAL_MS = Number(args.interval);

let stopStack: (() => Promise<void>) | undefined;
if (!process.env.DATABASE_URL) {
  const { startThrowawayStack } = await import('./throwaway-stack.ts');
  const stack = await startThrowawayStack({
    dataDir: '.data/load-session',
    pgPort: process.env.QF_LOAD_PG_PORT ?? '60632',
    authPort: process.env.QF_LOAD_AUTH_PORT ?? '60631',
    asSuperuser: true,
  });
  stopStack = stack.stop;
}

const { saveUiState, loadUiState } = await import('../lib/ui-state/session-store.ts');
const { checkUiState, defaultUiState } = await import('../lib/ui-state/ui-state.ts');
const { createRevisionClock } = await import('../lib/ui-state/revision-clock.ts');
const { closePool, getPool } = await import('../lib/db/pool.ts');
type UiState = import('../lib/ui-state/ui-state.ts').UiState;
type JwtClaims = import('../lib/db/as-user.ts').JwtClaims;

async function createUsers(n: number): Promise<{ id: string; claims: JwtClaims }[]> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    const users = Array.from({ length: n }, () => {
      const id = randomUUID();
      return { id, email: `load-${id.slice(0, 8)}@example.test` };
    });
    await client.query(
      `insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
       select '00000000-0000-0000-0000-000000000000', u.id, 'authenticated', 'authenticated', u.email, '', now(),
              '{"provider":"email","providers":["email"]}', '{}', now(), now()
         from jsonb_to_recordset($1::jsonb) as u (id uuid, email text)`,
      [JSON.stringify(users)],
    );
    return users.map((u) => ({ id: u.id, claims: { sub: u.id, email: u.email, role: 'authenticated', aud: 'authenticated' } }));
  } finally {
    await client.end();
  }
}

function xyzOf(atoms: number, seed: number): string {
  const lines = [`${atoms}`, `edit ${seed}`];
  for (let i = 0; i < atoms; i++) {
    const el = i % 3 === 0 ? 'C' : i % 3 === 1 ? 'H' : 'O';
    lines.push(`${el} ${(Math.sin(seed + i) * 5).toFixed(6)} ${(Math.cos(seed * i) * 5).toFixed(6)} ${((i * 0.37) % 7).toFixed(6)}`);
  }
  return lines.join('\n') + '\n';
}

/** What a user might have changed since the last save: typing in the editor, a tab, a filter. */
function edit(prev: UiState, user: number, step: number): UiState {
  const atoms = 3 + ((user * 37 + step * 11) % 300);
  const next: UiState = {
    ...prev,
    currentView: step % 5 === 0 ? 'results' : 'editor',
    editor: {
      ...prev.editor,
      xyz: xyzOf(atoms, step),
      name: `user ${user} edit ${step}`,
      inputFormat: 'xyz',
      params: { ...prev.editor.params, method: step % 2 ? 'gfn2' : 'gfn1', charge: step % 7 === 0 ? '-' : (step % 3) - 1, etemp: 300 + step },
    },
    tabs: { ...prev.tabs, settings: step % 2 ? 'preferences' : 'api-keys', result: `tab-${step % 4}` },
    lists: {
      ...prev.lists,
      results: { filters: { q: `term ${step}`, status: ['succeeded'] }, sort: { column: 'created_at', direction: step % 2 ? 'asc' : 'desc' }, pageSize: 50 },
    },
    searchHistory: [`term ${step}`, ...prev.searchHistory.filter((t) => t !== `term ${step}`)].slice(0, 50),
  };
  if (step % 10 === 0) {
    next.drafts = [{ ...next.editor, id: `d${step}`, updatedAt: new Date().toISOString() }, ...prev.drafts].slice(0, 3);
  }
  return next;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

const users = await createUsers(USERS);
console.log(`${USERS} users, ${SECONDS} s, mean interval ${INTERVAL_MS} ms between saves per user, pool size ${process.env.QF_DB_POOL_SIZE ?? 10}`);

const latencies: number[] = [];
const errors: string[] = [];
let stale = 0;
let unexpectedStale = 0;
let replays = 0;
let bytesTotal = 0;
const deadline = Date.now() + SECONDS * 1000;

const lastEdits = await Promise.all(
  users.map(async (user, u) => {
    const clock = createRevisionClock();
    let state = defaultUiState();
    let lastSaved: UiState | null = null;
    let older: { revision: number; state: UiState } | null = null;
    await sleep(Math.random() * Math.max(INTERVAL_MS, 10)); // users do not start in step
    for (let step = 1; Date.now() < deadline; step++) {
      state = edit(state, u, step);
      const revision = clock.next();
      const started = performance.now();
      try {
        const result = await saveUiState(user.claims, { revision, state });
        latencies.push(performance.now() - started);
        bytesTotal += JSON.stringify(state).length;
        if (result.status === 'saved') lastSaved = state;
        else unexpectedStale++;
      } catch (error) {
        errors.push(`user ${u} step ${step}: ${(error as Error).message}`);
      }
      // Every 7th step, a late save of an earlier state arrives (a delayed beacon): must be refused.
      if (older && step % 7 === 0) {
        replays++;
        try {
          const result = await saveUiState(user.claims, older);
          if (result.status === 'stale') stale++;
          else errors.push(`user ${u}: an older revision overwrote a newer one`);
        } catch (error) {
          errors.push(`user ${u} replay: ${(error as Error).message}`);
        }
      }
      older = { revision, state };
      if (INTERVAL_MS > 0) await sleep(INTERVAL_MS * (0.5 + Math.random()));
    }
    return lastSaved;
  }),
);

// Every user's stored state must be exactly their last edit.
let mismatches = 0;
for (const [u, user] of users.entries()) {
  const expected = lastEdits[u];
  const { state } = await loadUiState(user.claims);
  const normalised = expected ? (checkUiState(expected) as { ok: true; state: UiState }).state : defaultUiState();
  if (!isDeepStrictEqual(state, normalised)) {
    mismatches++;
    if (mismatches <= 3) console.error(`user ${u}: stored state differs from the last edit (${state.editor.name} vs ${normalised.editor.name})`);
  }
}

const sorted = [...latencies].sort((a, b) => a - b);
const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
console.log(
  [
    `saves: ${latencies.length} (${(latencies.length / SECONDS).toFixed(1)}/s), mean state ${(bytesTotal / Math.max(1, latencies.length) / 1024).toFixed(1)} KiB`,
    `latency p50 ${fmt(percentile(sorted, 50))}, p95 ${fmt(percentile(sorted, 95))}, p99 ${fmt(percentile(sorted, 99))}, max ${fmt(sorted.at(-1) ?? Number.NaN)}`,
    `late older saves replayed: ${replays}, refused: ${stale}; newer saves refused: ${unexpectedStale}`,
    `errors: ${errors.length}`,
    `final state equals last edit: ${USERS - mismatches}/${USERS} users`,
  ].join('\n'),
);
for (const e of errors.slice(0, 5)) console.error(`  ${e}`);

await getPool().query(`delete from auth.users where email like 'load-%@example.test'`);
await closePool();
await stopStack?.();
process.exit(errors.length === 0 && mismatches === 0 && unexpectedStale === 0 && stale === replays ? 0 : 1);
