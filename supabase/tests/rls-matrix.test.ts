// Row-level security matrix: for every public table, as anon / another user / viewer / owner / team
// member / admin, select, insert, update and delete behave as docs/architecture.md ("The tables")
// says, and no row leaks across users. Every attempt runs through asUser() in a transaction that is
// rolled back, so attempts are independent and leave the shared database as they found it.
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser, type Queryable } from '../../lib/db/as-user.ts';
import { closePool, getPool } from '../../lib/db/pool.ts';
import { asService } from '../../lib/db/service.ts';

const ACTORS = ['anon', 'other', 'viewer', 'owner', 'member', 'admin'] as const;
type Actor = (typeof ACTORS)[number];
type User = Exclude<Actor, 'anon'>;
type Outcome = 'ok' | 'denied';

/** Fixture ids, filled in beforeAll. */
interface Fixture {
  users: Record<User, string>;
  org: string;
  memberMembership: string;
  molShared: string;
  molPrivate: string;
  molLeaf: string;
  otherMol: string;
  batchShared: string;
  batchPrivate: string;
  itemShared: string;
  itemPrivate: string;
  calcShared: string;
  calcPrivate: string;
  /** Not shared itself, in the shared batch (so its team reads it), on a private molecule. */
  calcInBatch: string;
  molViaBatch: string;
  /** Shared itself, outside any batch, on a private molecule (which the team reads with it). */
  calcOnly: string;
  molViaCalc: string;
  atomShared: string;
  atomPrivate: string;
  metricShared: string;
  metricPrivate: string;
  errorShared: string;
  errorPrivate: string;
  event: string;
  apiKey: string;
  usageLog: string;
  idempotencyKey: string;
  perfMetric: string;
  audit: string;
  worker: string;
  usageLimit: string;
}

const f = {} as Fixture;
const ROLLBACK = Symbol('rollback');

function uidOf(actor: Actor): string {
  return actor === 'anon' ? randomUUID() : f.users[actor];
}

function hex64(): string {
  return randomBytes(32).toString('hex');
}

function inchikey(): string {
  const letters = (n: number) => Array.from(randomBytes(n), (b) => String.fromCharCode(65 + (b % 26))).join('');
  return `${letters(14)}-${letters(10)}-N`;
}

/** Runs `work` as the actor inside a transaction that is always rolled back. */
async function attempt<T>(actor: Actor, work: (db: Queryable) => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  return attemptAs(actor === 'anon' ? null : f.users[actor], work);
}

function claimsOf(userId: string) {
  return { sub: userId, role: 'authenticated', email: `${userId}@rls.test` };
}

/** Within an attempt: carry on as another user (same transaction, so it sees what the first one did). */
async function becomes(db: Queryable, userId: string): Promise<void> {
  await db.query(`select set_config('request.jwt.claims', $1, true)`, [JSON.stringify(claimsOf(userId))]);
}

/** Runs `work` as this user (null: anon) inside a transaction that is always rolled back. */
async function attemptAs<T>(userId: string | null, work: (db: Queryable) => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
  let out: { ok: true; value: T } | { ok: false; error: unknown } | undefined;
  const claims = userId === null ? null : claimsOf(userId);
  try {
    await asUser(claims, async (db) => {
      try {
        out = { ok: true, value: await work(db) };
      } catch (error) {
        out = { ok: false, error };
      }
      throw ROLLBACK;
    });
  } catch (error) {
    if (error !== ROLLBACK) throw error;
  }
  return out!;
}

/** 'ok' when the statement changed at least one row; 'denied' for RLS/privilege refusals or zero rows. */
async function outcome(actor: Actor, work: (db: Queryable) => Promise<{ rowCount: number | null }>): Promise<Outcome> {
  const result = await attempt(actor, work);
  if (result.ok) return (result.value.rowCount ?? 0) > 0 ? 'ok' : 'denied';
  const code = (result.error as { code?: string }).code;
  if (code === '42501') return 'denied';
  throw result.error;
}

type Visibility = Record<Actor, string[] | 'denied'>;

interface TableSpec {
  table: string;
  idColumn?: string;
  /** Named fixture rows whose visibility is checked. */
  rows: () => Record<string, string>;
  visible: Visibility;
  /** Inserts one row as the actor (may run several statements). */
  insert: (db: Queryable, actor: Actor) => Promise<{ rowCount: number | null }>;
  canInsert: Actor[];
  /** Row updated and deleted (one the team can see where the table is shared). */
  target: () => string;
  update: string;
  canUpdate: Actor[];
  canDelete: Actor[];
  /** Column naming the row's owner, for the cross-user leak check. */
  ownerColumn?: string;
  /** Rows every signed-in user may read (not a leak), as a SQL condition. */
  everyoneReads?: string;
}

const SUBMITTERS: Actor[] = ['other', 'owner', 'member', 'admin'];
const SIGNED_IN: Actor[] = ['other', 'viewer', 'owner', 'member', 'admin'];

const team: Visibility = {
  anon: 'denied',
  other: [],
  viewer: ['shared'],
  owner: ['shared', 'private'],
  member: ['shared'],
  admin: ['shared', 'private'],
};
const ownOnly: Visibility = { anon: 'denied', other: [], viewer: [], owner: ['own'], member: [], admin: [] };
const ownAndAdmin: Visibility = { anon: 'denied', other: [], viewer: [], owner: ['own'], member: [], admin: ['own'] };
const adminOnly: Visibility = { anon: 'denied', other: [], viewer: [], owner: [], member: [], admin: ['row'] };

const specs: TableSpec[] = [
  {
    table: 'profiles',
    rows: () => ({ owner: f.users.owner, other: f.users.other }),
    visible: {
      anon: 'denied',
      other: ['other'],
      viewer: ['owner'],
      owner: ['owner'],
      member: ['owner'],
      admin: ['owner', 'other'],
    },
    insert: (db) => db.query(`insert into public.profiles (id, display_name) values ($1, 'x')`, [randomUUID()]),
    canInsert: [],
    target: () => f.users.owner,
    update: 'display_name = display_name',
    canUpdate: ['owner', 'admin'],
    canDelete: [],
    ownerColumn: 'id',
  },
  {
    table: 'organizations',
    rows: () => ({ org: f.org }),
    visible: { anon: 'denied', other: [], viewer: ['org'], owner: ['org'], member: ['org'], admin: ['org'] },
    insert: (db, actor) => db.query(`insert into public.organizations (name, slug, created_by) values ('Team', $1, $2)`, [`t-${randomUUID()}`, uidOf(actor)]),
    canInsert: SUBMITTERS,
    target: () => f.org,
    update: 'name = name',
    canUpdate: ['owner', 'admin'],
    canDelete: ['owner', 'admin'],
    ownerColumn: 'created_by',
  },
  {
    table: 'memberships',
    rows: () => ({ member: f.memberMembership }),
    visible: { anon: 'denied', other: [], viewer: ['member'], owner: ['member'], member: ['member'], admin: ['member'] },
    // Adding the outsider to the team: only the team's owner/admins (and global admins) may.
    insert: (db) => db.query(`insert into public.memberships (organization_id, user_id, role) values ($1, $2, 'member')`, [f.org, f.users.other]),
    canInsert: ['owner', 'admin'],
    target: () => f.memberMembership,
    update: 'role = role',
    canUpdate: ['owner', 'admin'],
    // The member may leave; team owners and admins may remove.
    canDelete: ['owner', 'member', 'admin'],
    ownerColumn: 'user_id',
  },
  {
    table: 'molecules',
    // A shared batch or calculation shares its molecules (viaBatch, viaCalc) though they are not shared themselves.
    rows: () => ({ shared: f.molShared, private: f.molPrivate, other: f.otherMol, viaBatch: f.molViaBatch, viaCalc: f.molViaCalc }),
    visible: {
      anon: 'denied',
      other: ['other'],
      viewer: ['shared', 'viaBatch', 'viaCalc'],
      owner: ['shared', 'private', 'viaBatch', 'viaCalc'],
      member: ['shared', 'viaBatch', 'viaCalc'],
      admin: ['shared', 'private', 'other', 'viaBatch', 'viaCalc'],
    },
    insert: (db, actor) => db.query(`insert into public.molecules (owner_id, name, inchikey) values ($1, 'm', $2)`, [uidOf(actor), inchikey()]),
    canInsert: SUBMITTERS,
    target: () => f.molLeaf,
    update: 'name = name',
    canUpdate: ['owner', 'admin'],
    canDelete: ['owner', 'admin'],
    ownerColumn: 'owner_id',
  },
  {
    table: 'molecule_properties_computed',
    idColumn: 'molecule_id',
    rows: () => ({ shared: f.molShared, private: f.molPrivate }),
    visible: team,
    // Descriptors for the owner's molecule that has none yet: only its owner (or an admin).
    insert: (db) => db.query(`insert into public.molecule_properties_computed (molecule_id, molecular_weight) values ($1, 18)`, [f.molLeaf]),
    canInsert: ['owner', 'admin'],
    target: () => f.molShared,
    update: 'logp = logp',
    canUpdate: ['owner', 'admin'],
    canDelete: ['owner', 'admin'],
  },
  {
    table: 'batch_jobs',
    rows: () => ({ shared: f.batchShared, private: f.batchPrivate }),
    visible: team,
    insert: (db, actor) => db.query(`insert into public.batch_jobs (owner_id, name) values ($1, 'b')`, [uidOf(actor)]),
    canInsert: SUBMITTERS,
    target: () => f.batchShared,
    update: 'name = name',
    canUpdate: ['owner', 'admin'],
    canDelete: ['owner', 'admin'],
    ownerColumn: 'owner_id',
  },
  {
    table: 'batch_items',
    rows: () => ({ shared: f.itemShared, private: f.itemPrivate }),
    visible: team,
    insert: (db) =>
      db.query(`insert into public.batch_items (batch_id, position, molecule_id) values ($1, $2, $3)`, [
        f.batchShared,
        1000 + Math.floor(Math.random() * 1e6),
        f.molShared,
      ]),
    canInsert: ['owner', 'admin'],
    target: () => f.itemShared,
    update: 'status = status',
    canUpdate: ['owner', 'admin'],
    canDelete: ['owner', 'admin'],
  },
  {
    table: 'calculations',
    // A calculation in a shared batch is read by the team with the batch (inBatch).
    rows: () => ({ shared: f.calcShared, private: f.calcPrivate, inBatch: f.calcInBatch, only: f.calcOnly }),
    visible: {
      anon: 'denied',
      other: [],
      viewer: ['shared', 'inBatch', 'only'],
      owner: ['shared', 'private', 'inBatch', 'only'],
      member: ['shared', 'inBatch', 'only'],
      admin: ['shared', 'private', 'inBatch', 'only'],
    },
    insert: (db, actor) =>
      db.query(
        `insert into public.calculations (molecule_id, owner_id, method, task, input_xyz, input_hash)
         values ($1, $2, 'gfn2', 'sp', $3, $4)`,
        [actor === 'other' ? f.otherMol : f.molShared, uidOf(actor), WATER_XYZ, hex64()],
      ),
    // Viewers cannot submit.
    canInsert: SUBMITTERS,
    target: () => f.calcShared,
    update: 'cancel_requested = true',
    canUpdate: ['owner', 'admin'],
    canDelete: ['owner', 'admin'],
    ownerColumn: 'owner_id',
  },
  ...(
    [
      [
        'atomic_properties',
        'atom',
        'partial_charge = partial_charge',
        (db: Queryable) =>
          db.query(`insert into public.atomic_properties (calculation_id, atom_index, element, x, y, z) values ($1, 99, 'H', 0, 0, 0)`, [f.calcShared]),
      ],
      [
        'calculation_execution_metrics',
        'metric',
        'wall_time_s = wall_time_s',
        (db: Queryable) => db.query(`insert into public.calculation_execution_metrics (calculation_id, attempt) values ($1, 99)`, [f.calcShared]),
      ],
      [
        'calculation_errors',
        'error',
        'message = message',
        (db: Queryable) => db.query(`insert into public.calculation_errors (calculation_id, error_type, message) values ($1, 'system', 'x')`, [f.calcShared]),
      ],
    ] as const
  ).map(([table, key, update, insert]): TableSpec => ({
    table,
    rows: () => ({ shared: f[`${key}Shared`], private: f[`${key}Private`] }),
    visible: team,
    // Results are written by the worker with the service role only.
    insert: (db) => insert(db),
    canInsert: [],
    target: () => f[`${key}Shared`],
    update,
    canUpdate: [],
    canDelete: ['admin'],
  })),
  {
    table: 'event_logs',
    rows: () => ({ own: f.event }),
    visible: ownAndAdmin,
    insert: (db, actor) => db.query(`insert into public.event_logs (user_id, event_type) values ($1, 'molecule_created')`, [uidOf(actor)]),
    canInsert: [],
    target: () => f.event,
    update: 'status = status',
    canUpdate: [],
    canDelete: [],
    ownerColumn: 'user_id',
  },
  {
    table: 'user_sessions',
    idColumn: 'user_id',
    rows: () => ({ own: f.users.owner }),
    visible: ownOnly,
    insert: async (db, actor) => {
      await db.query(`delete from public.user_sessions where user_id = $1`, [uidOf(actor)]);
      return db.query(`insert into public.user_sessions (user_id, current_view) values ($1, 'editor')`, [uidOf(actor)]);
    },
    canInsert: SIGNED_IN,
    target: () => f.users.owner,
    update: 'revision = revision + 1',
    canUpdate: ['owner'],
    canDelete: ['owner'],
    ownerColumn: 'user_id',
  },
  {
    table: 'user_preferences',
    idColumn: 'user_id',
    rows: () => ({ own: f.users.owner }),
    visible: ownOnly,
    insert: async (db, actor) => {
      await db.query(`delete from public.user_preferences where user_id = $1`, [uidOf(actor)]);
      return db.query(`insert into public.user_preferences (user_id, energy_unit) values ($1, 'ev')`, [uidOf(actor)]);
    },
    canInsert: SIGNED_IN,
    target: () => f.users.owner,
    update: 'display_precision = display_precision',
    canUpdate: ['owner'],
    canDelete: ['owner'],
    ownerColumn: 'user_id',
  },
  {
    table: 'api_keys',
    rows: () => ({ own: f.apiKey }),
    visible: ownOnly,
    insert: (db, actor) =>
      db.query(`insert into public.api_keys (user_id, name, prefix, key_hash) values ($1, 'k', $2, $3)`, [
        uidOf(actor),
        `qf_${randomBytes(6).toString('hex')}`,
        hex64(),
      ]),
    canInsert: SIGNED_IN,
    target: () => f.apiKey,
    update: 'name = name',
    canUpdate: ['owner'],
    canDelete: ['owner'],
    ownerColumn: 'user_id',
  },
  {
    // Stored API responses for Idempotency-Key replays: written by the server only, readable by their user.
    table: 'api_idempotency_keys',
    idColumn: 'key',
    rows: () => ({ own: f.idempotencyKey }),
    visible: ownOnly,
    insert: (db, actor) =>
      db.query(`insert into public.api_idempotency_keys (user_id, key, request_method, request_path) values ($1, $2, 'POST', '/x')`, [
        uidOf(actor),
        randomBytes(8).toString('hex'),
      ]),
    canInsert: [],
    target: () => f.idempotencyKey,
    update: 'status_code = status_code',
    canUpdate: [],
    canDelete: [],
    ownerColumn: 'user_id',
  },
  {
    table: 'api_usage_logs',
    rows: () => ({ row: f.usageLog }),
    visible: adminOnly,
    insert: (db, actor) =>
      db.query(`insert into public.api_usage_logs (user_id, endpoint, method, status_code, response_time_ms) values ($1, '/x', 'GET', 200, 1)`, [uidOf(actor)]),
    canInsert: [],
    target: () => f.usageLog,
    update: 'status_code = status_code',
    canUpdate: [],
    canDelete: [],
  },
  {
    table: 'performance_metrics',
    rows: () => ({ row: f.perfMetric }),
    visible: adminOnly,
    insert: (db) => db.query(`insert into public.performance_metrics (metric_type, metric_name, value) values ('queue', 'depth', 1)`),
    canInsert: [],
    target: () => f.perfMetric,
    update: 'value = value',
    canUpdate: [],
    canDelete: [],
  },
  {
    table: 'user_audit_log',
    rows: () => ({ row: f.audit }),
    visible: adminOnly,
    insert: (db, actor) => db.query(`insert into public.user_audit_log (user_id, action) values ($1, 'login')`, [uidOf(actor)]),
    canInsert: [],
    target: () => f.audit,
    update: 'reason = reason',
    canUpdate: [],
    canDelete: [],
  },
  {
    table: 'workers',
    rows: () => ({ row: f.worker }),
    visible: adminOnly,
    insert: (db) => db.query(`insert into public.workers (host, pid) values ('h', 1)`),
    canInsert: [],
    target: () => f.worker,
    update: 'last_seen_at = now()',
    canUpdate: [],
    canDelete: [],
  },
];

// Limits: the defaults (user_id null) are readable by everyone; a per-account row by its account.
specs.push({
  table: 'usage_limits',
  rows: () => ({ own: f.usageLimit }),
  visible: { anon: 'denied', other: [], viewer: [], owner: ['own'], member: [], admin: ['own'] },
  insert: (db, actor) => db.query(`insert into public.usage_limits (name, user_id, value) values ('max_submissions_per_minute', $1, 5)`, [uidOf(actor)]),
  canInsert: ['admin'],
  target: () => f.usageLimit,
  update: 'value = value',
  canUpdate: ['admin'],
  canDelete: ['admin'],
  ownerColumn: 'user_id',
  everyoneReads: 'user_id is null',
});

const WATER_XYZ = '3\nwater\nO 0 0 0.1173\nH 0 0.7572 -0.4692\nH 0 -0.7572 -0.4692\n';

async function createAuthUser(label: string): Promise<string> {
  const id = randomUUID();
  await getPool().query(
    `insert into auth.users (id, aud, role, email, encrypted_password, email_confirmed_at, raw_app_meta_data, raw_user_meta_data)
     values ($1, 'authenticated', 'authenticated', $2, '', now(), '{"provider":"email"}', $3)`,
    [id, `rls-${label}-${id}@test.local`, JSON.stringify({ display_name: label, role: 'admin' })],
  );
  return id;
}

beforeAll(async () => {
  const users = {} as Record<User, string>;
  for (const u of ['other', 'viewer', 'owner', 'member', 'admin'] as const) users[u] = await createAuthUser(u);
  f.users = users;

  await asService(async (db) => {
    const one = async (sql: string, params: unknown[] = []) => String((await db.query(sql, params)).rows[0].id);
    await db.query(`update public.profiles set role = 'viewer' where id = $1`, [users.viewer]);
    await db.query(`update public.profiles set role = 'admin' where id = $1`, [users.admin]);

    f.org = await one(`insert into public.organizations (name, slug, created_by) values ('RLS team', $1, $2) returning id`, [
      `rls-${randomUUID()}`,
      users.owner,
    ]);
    f.memberMembership = await one(`insert into public.memberships (organization_id, user_id, role) values ($1, $2, 'member') returning id`, [
      f.org,
      users.member,
    ]);
    await db.query(`insert into public.memberships (organization_id, user_id, role) values ($1, $2, 'viewer')`, [f.org, users.viewer]);

    const molecule = (owner: string, org: string | null) =>
      one(`insert into public.molecules (owner_id, organization_id, name, inchikey, formula) values ($1, $2, 'm', $3, 'H2O') returning id`, [
        owner,
        org,
        inchikey(),
      ]);
    f.molShared = await molecule(users.owner, f.org);
    f.molPrivate = await molecule(users.owner, null);
    f.molLeaf = await molecule(users.owner, f.org);
    f.otherMol = await molecule(users.other, null);
    for (const m of [f.molShared, f.molPrivate]) {
      await db.query(`insert into public.molecule_properties_computed (molecule_id, molecular_weight, logp) values ($1, 18.015, -0.8)`, [m]);
    }

    f.batchShared = await one(`insert into public.batch_jobs (owner_id, organization_id, name) values ($1, $2, 'shared') returning id`, [users.owner, f.org]);
    f.batchPrivate = await one(`insert into public.batch_jobs (owner_id, name) values ($1, 'private') returning id`, [users.owner]);

    const calculation = (mol: string, org: string | null, batch: string | null) =>
      one(
        `insert into public.calculations (molecule_id, owner_id, organization_id, batch_id, input_xyz, input_hash, status, total_energy)
         values ($1, $2, $3, $4, $5, $6, 'succeeded', -5.07) returning id`,
        [mol, users.owner, org, batch, WATER_XYZ, hex64()],
      );
    f.calcShared = await calculation(f.molShared, f.org, f.batchShared);
    f.calcPrivate = await calculation(f.molPrivate, null, f.batchPrivate);
    f.molViaBatch = await molecule(users.owner, null);
    f.calcInBatch = await calculation(f.molViaBatch, null, f.batchShared);
    f.molViaCalc = await molecule(users.owner, null);
    f.calcOnly = await calculation(f.molViaCalc, f.org, null);

    f.itemShared = await one(
      `insert into public.batch_items (batch_id, position, molecule_id, calculation_id, status) values ($1, 0, $2, $3, 'succeeded') returning id`,
      [f.batchShared, f.molShared, f.calcShared],
    );
    f.itemPrivate = await one(
      `insert into public.batch_items (batch_id, position, molecule_id, calculation_id, status) values ($1, 0, $2, $3, 'succeeded') returning id`,
      [f.batchPrivate, f.molPrivate, f.calcPrivate],
    );

    f.worker = await one(`insert into public.workers (host, pid, methods_available) values ('rls-host', 4242, '{gfn2,gfnff}') returning id`);
    for (const [key, calc] of [
      ['Shared', f.calcShared],
      ['Private', f.calcPrivate],
    ] as const) {
      f[`atom${key}`] = await one(
        `insert into public.atomic_properties (calculation_id, atom_index, element, partial_charge, x, y, z) values ($1, 0, 'O', -0.56, 0, 0, 0.1) returning id`,
        [calc],
      );
      f[`metric${key}`] = await one(
        `insert into public.calculation_execution_metrics (calculation_id, attempt, worker_id, wall_time_s, converged) values ($1, 1, $2, 0.1, true) returning id`,
        [calc, f.worker],
      );
      f[`error${key}`] = await one(
        `insert into public.calculation_errors (calculation_id, attempt, error_type, message) values ($1, 1, 'timeout', 'timed out') returning id`,
        [calc],
      );
    }

    f.event = await one(
      `insert into public.event_logs (user_id, event_type, entity_type, entity_id) values ($1, 'calculation_completed', 'calculations', $2) returning id`,
      [users.owner, f.calcShared],
    );
    await db.query(`insert into public.user_sessions (user_id, current_view, revision) values ($1, 'editor', 5)`, [users.owner]);
    f.apiKey = await one(`insert into public.api_keys (user_id, name, prefix, key_hash) values ($1, 'ci', $2, $3) returning id`, [
      users.owner,
      `qf_${randomBytes(6).toString('hex')}`,
      hex64(),
    ]);
    f.idempotencyKey = await one(
      `insert into public.api_idempotency_keys (user_id, key, request_method, request_path, status_code, response_body)
       values ($1, $2, 'POST', '/api/v1/calculations', 201, '{}') returning key as id`,
      [users.owner, `rls-${randomBytes(8).toString('hex')}`],
    );
    f.usageLog = await one(
      `insert into public.api_usage_logs (user_id, endpoint, method, status_code, response_time_ms) values ($1, '/api/health', 'GET', 200, 3.5) returning id`,
      [users.owner],
    );
    f.perfMetric = await one(
      `insert into public.performance_metrics (metric_type, metric_name, value, unit) values ('queue', 'depth', 3, 'count') returning id`,
    );
    f.usageLimit = await one(`insert into public.usage_limits (name, user_id, value) values ('max_active_calculations', $1, 500) returning id`, [users.owner]);
    f.audit = await one(`insert into public.user_audit_log (user_id, action, status) values ($1, 'login', 'success') returning id`, [users.owner]);
  });
});

afterAll(async () => {
  if (f.users) {
    await asService((db) => db.query(`delete from public.organizations where id = $1`, [f.org]));
    await asService((db) => db.query(`delete from public.workers where id = $1`, [f.worker]));
    await asService((db) => db.query(`delete from public.user_audit_log where user_id = any ($1::uuid[])`, [Object.values(f.users)]));
    await asService((db) => db.query(`delete from public.calculations where owner_id = any ($1::uuid[])`, [Object.values(f.users)]));
    await getPool().query(`delete from auth.users where id = any ($1::uuid[])`, [Object.values(f.users)]);
  }
  await closePool();
});

describe.each(specs)('$table', (spec) => {
  const id = spec.idColumn ?? 'id';

  it.each(ACTORS)('select as %s', async (actor) => {
    const rows = spec.rows();
    const ids = Object.values(rows);
    const result = await attempt(actor, (db) => db.query(`select ${id}::text as id from public.${spec.table} where ${id}::text = any ($1::text[])`, [ids]));
    const expected = spec.visible[actor];
    if (expected === 'denied') {
      expect(result.ok).toBe(false);
      if (!result.ok) expect((result.error as { code?: string }).code).toBe('42501');
      return;
    }
    if (!result.ok) throw result.error;
    const seen = result.value.rows.map((r) => Object.entries(rows).find(([, v]) => v === r.id)?.[0]).sort();
    expect(seen).toEqual([...expected].sort());
  });

  it.each(ACTORS)('insert as %s', async (actor) => {
    expect(await outcome(actor, (db) => spec.insert(db, actor))).toBe(spec.canInsert.includes(actor) ? 'ok' : 'denied');
  });

  it.each(ACTORS)('update as %s', async (actor) => {
    const result = await outcome(actor, (db) => db.query(`update public.${spec.table} set ${spec.update} where ${id}::text = $1 returning 1`, [spec.target()]));
    expect(result).toBe(spec.canUpdate.includes(actor) ? 'ok' : 'denied');
  });

  it.each(ACTORS)('delete as %s', async (actor) => {
    const result = await outcome(actor, (db) => db.query(`delete from public.${spec.table} where ${id}::text = $1 returning 1`, [spec.target()]));
    expect(result).toBe(spec.canDelete.includes(actor) ? 'ok' : 'denied');
  });
});

describe('no row leaks across users', () => {
  it('an outsider sees nothing but their own rows in any table', async () => {
    const { rows } = await getPool().query<{ tablename: string }>(`select tablename from pg_tables where schemaname = 'public'`);
    const owners = new Map(specs.map((s) => [s.table, s]));
    const leaks: Record<string, number> = {};
    await attempt('other', async (db) => {
      for (const { tablename } of rows) {
        const spec = owners.get(tablename);
        const where = spec?.ownerColumn
          ? `where ${spec.ownerColumn} is distinct from $1${spec.everyoneReads ? ` and not (${spec.everyoneReads})` : ''}`
          : 'where $1::uuid is not null';
        const { rows: count } = await db.query(`select count(*)::int as n from public.${tablename} ${where}`, [f.users.other]);
        if (count[0].n > 0) leaks[tablename] = count[0].n;
      }
    });
    expect(leaks).toEqual({});
  });

  it.each(['member', 'viewer'] as const)('a team %s sees only own rows and rows shared with their team', async (actor) => {
    const result = await attempt(actor, async (db) => {
      const out: Record<string, number> = {};
      // Read through sharing: own, shared with a team of theirs, in a batch shared with it, or (molecules)
      // the molecule of such a calculation or batch item. Anything else visible is a leak.
      const teams = `(select organization_id from public.memberships where user_id = $1 and status = 'active')`;
      const batches = `(select id from public.batch_jobs where organization_id in ${teams})`;
      const reached: Record<string, string> = {
        batch_jobs: `organization_id in ${teams}`,
        calculations: `organization_id in ${teams} or batch_id in ${batches}`,
        molecules: `organization_id in ${teams}
          or id in (select molecule_id from public.calculations where organization_id in ${teams} or batch_id in ${batches})
          or id in (select molecule_id from public.batch_items where batch_id in ${batches})`,
      };
      for (const [table, condition] of Object.entries(reached)) {
        const { rows } = await db.query(`select count(*)::int as n from public.${table} where owner_id <> $1 and not coalesce(${condition}, false)`, [
          uidOf(actor),
        ]);
        out[table] = rows[0].n;
      }
      return out;
    });
    if (!result.ok) throw result.error;
    expect(result.value).toEqual({ molecules: 0, calculations: 0, batch_jobs: 0 });
  });

  it('batch progress counts come from the items and follow the batch visibility', async () => {
    const query = (db: Queryable) =>
      db.query(`select batch_id::text, total, succeeded from public.batch_job_progress where batch_id = any ($1::uuid[])`, [[f.batchShared, f.batchPrivate]]);
    const member = await attempt('member', query);
    const other = await attempt('other', query);
    const anon = await attempt('anon', query);
    if (!member.ok || !other.ok) throw new Error('progress query failed');
    expect(member.value.rows).toEqual([{ batch_id: f.batchShared, total: 1, succeeded: 1 }]);
    expect(other.value.rows).toEqual([]);
    expect(anon.ok).toBe(false);
  });
});

describe('roles and ownership', () => {
  it('a new auth user gets a researcher profile whatever their metadata claims', async () => {
    const { rows } = await getPool().query(`select role from public.profiles where id = $1`, [f.users.owner]);
    expect(rows[0].role).toBe('researcher');
  });

  it.each(['owner', 'viewer', 'member'] as const)('%s cannot raise their own role', async (actor) => {
    const result = await attempt(actor, (db) => db.query(`update public.profiles set role = 'admin' where id = $1`, [uidOf(actor)]));
    expect(result.ok).toBe(false);
    if (!result.ok) expect((result.error as { code?: string }).code).toBe('42501');
  });

  it('an admin can change a role', async () => {
    const result = await attempt('admin', (db) => db.query(`update public.profiles set role = 'viewer' where id = $1 returning role`, [f.users.member]));
    expect(result.ok && result.value.rows[0]?.role).toBe('viewer');
  });

  it('a viewer cannot submit a calculation, even on a molecule shared with them', async () => {
    const result = await attempt('viewer', (db) =>
      db.query(`insert into public.calculations (molecule_id, owner_id, input_xyz, input_hash) values ($1, $2, $3, $4)`, [
        f.molShared,
        f.users.viewer,
        WATER_XYZ,
        hex64(),
      ]),
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect((result.error as { code?: string }).code).toBe('42501');
  });

  it('a calculation cannot be submitted for a molecule the user cannot see', async () => {
    expect(
      await outcome('other', (db) =>
        db.query(`insert into public.calculations (molecule_id, owner_id, input_xyz, input_hash) values ($1, $2, $3, $4)`, [
          f.molPrivate,
          f.users.other,
          WATER_XYZ,
          hex64(),
        ]),
      ),
    ).toBe('denied');
  });

  it('results and status cannot be forged by the submitting user', async () => {
    expect(
      await outcome('owner', (db) =>
        db.query(
          `insert into public.calculations (molecule_id, owner_id, input_xyz, input_hash, status, total_energy) values ($1, $2, $3, $4, 'succeeded', -1)`,
          [f.molShared, f.users.owner, WATER_XYZ, hex64()],
        ),
      ),
    ).toBe('denied');
    expect(await outcome('owner', (db) => db.query(`update public.calculations set total_energy = -1 where id = $1`, [f.calcShared]))).toBe('denied');
  });

  const ownedRows: [string, string, () => string][] = [
    ['molecules', 'owner_id', () => f.molLeaf],
    ['calculations', 'owner_id', () => f.calcShared],
    ['batch_jobs', 'owner_id', () => f.batchShared],
    ['user_sessions', 'user_id', () => f.users.owner],
    ['user_preferences', 'user_id', () => f.users.owner],
    ['api_keys', 'user_id', () => f.apiKey],
  ];

  it.each(ownedRows)('%s: the owner cannot give a row to someone else', async (table, column, target) => {
    const idColumn = table.startsWith('user_') ? 'user_id' : 'id';
    expect(await outcome('owner', (db) => db.query(`update public.${table} set ${column} = $1 where ${idColumn} = $2`, [f.users.other, target()]))).toBe(
      'denied',
    );
  });

  it.each([
    ['molecules', `insert into public.molecules (owner_id, name, inchikey) values ($1, 'm', '${inchikey()}')`],
    ['batch_jobs', `insert into public.batch_jobs (owner_id, name) values ($1, 'b')`],
    ['user_sessions', `insert into public.user_sessions (user_id) values ($1) on conflict do nothing`],
    ['api_keys', `insert into public.api_keys (user_id, name, prefix, key_hash) values ($1, 'k', 'qf_forged1', '${'a'.repeat(64)}')`],
    ['organizations', `insert into public.organizations (name, slug, created_by) values ('x', 'forged-${randomUUID()}', $1)`],
  ])('%s: nobody inserts a row in another user’s name', async (_table, sql) => {
    expect(await outcome('other', (db) => db.query(sql, [f.users.owner]))).toBe('denied');
  });

  it('only members of a team can share rows with it', async () => {
    const shareAs = (actor: Actor) =>
      outcome(actor, (db) =>
        db.query(`insert into public.molecules (owner_id, organization_id, name, inchikey) values ($1, $2, 'm', $3)`, [uidOf(actor), f.org, inchikey()]),
      );
    expect(await shareAs('member')).toBe('ok');
    expect(await shareAs('other')).toBe('denied');
  });

  it('a team admin cannot make themselves team owner; only a team owner hands out ownership', async () => {
    await asService((db) => db.query(`update public.memberships set role = 'admin' where id = $1`, [f.memberMembership]));
    try {
      expect(await outcome('member', (db) => db.query(`update public.memberships set role = 'owner' where id = $1`, [f.memberMembership]))).toBe('denied');
      expect(await outcome('owner', (db) => db.query(`update public.memberships set role = 'owner' where id = $1`, [f.memberMembership]))).toBe('ok');
    } finally {
      await asService((db) => db.query(`update public.memberships set role = 'member' where id = $1`, [f.memberMembership]));
    }
  });
});

describe('sharing with a team', () => {
  let invitee: string;

  /** The shared rows of the fixture, counted per table as the current user of `db` sees them. */
  async function sharedSeen(db: Queryable) {
    const count = async (table: string, ids: string[]) =>
      (await db.query(`select count(*)::int as n from public.${table} where id::text = any ($1::text[])`, [ids])).rows[0].n as number;
    return {
      molecules: await count('molecules', [f.molShared, f.molViaBatch, f.molViaCalc]),
      calculations: await count('calculations', [f.calcShared, f.calcInBatch, f.calcOnly]),
      batch_jobs: await count('batch_jobs', [f.batchShared]),
      batch_items: await count('batch_items', [f.itemShared]),
      atomic_properties: await count('atomic_properties', [f.atomShared]),
      owner_profile: await count('profiles', [f.users.owner]),
    };
  }
  const ALL = { molecules: 3, calculations: 3, batch_jobs: 1, batch_items: 1, atomic_properties: 1, owner_profile: 1 };
  const NONE = { molecules: 0, calculations: 0, batch_jobs: 0, batch_items: 0, atomic_properties: 0, owner_profile: 0 };

  beforeAll(async () => {
    invitee = await createAuthUser('invitee');
    // Invited by the team's owner, not (yet) accepted.
    await asService((db) =>
      db.query(`insert into public.memberships (organization_id, user_id, role, status, invited_by) values ($1, $2, 'member', 'invited', $3)`, [
        f.org,
        invitee,
        f.users.owner,
      ]),
    );
  });
  afterAll(async () => {
    await getPool().query(`delete from auth.users where id = $1`, [invitee]);
  });

  it.each(['member', 'viewer'] as const)('a team %s reads everything shared, through the batch and the calculation too', async (actor) => {
    const seen = await attempt(actor, sharedSeen);
    expect(seen).toEqual({ ok: true, value: ALL });
  });

  it('an invitee who has not accepted sees nothing shared; after accepting, all of it', async () => {
    expect(await attemptAs(invitee, sharedSeen)).toEqual({ ok: true, value: NONE });
    const accepted = await attemptAs(invitee, async (db) => {
      await db.query(`update public.memberships set status = 'active' where organization_id = $1 and user_id = $2`, [f.org, invitee]);
      return sharedSeen(db);
    });
    expect(accepted).toEqual({ ok: true, value: ALL });
  });

  it('a removed member loses access at once', async () => {
    const after = await attempt('owner', async (db) => {
      expect((await db.query(`delete from public.memberships where id = $1`, [f.memberMembership])).rowCount).toBe(1);
      await becomes(db, f.users.member);
      return sharedSeen(db);
    });
    expect(after).toEqual({ ok: true, value: NONE });
  });

  it('team roles only read: no member or viewer changes, unshares or deletes what is shared', async () => {
    for (const actor of ['member', 'viewer'] as const) {
      for (const [table, id] of [
        ['calculations', f.calcInBatch],
        ['calculations', f.calcOnly],
        ['batch_jobs', f.batchShared],
        ['molecules', f.molShared],
      ] as const) {
        expect(await outcome(actor, (db) => db.query(`update public.${table} set organization_id = null where id = $1`, [id]))).toBe('denied');
        expect(await outcome(actor, (db) => db.query(`delete from public.${table} where id = $1`, [id]))).toBe('denied');
      }
      expect(await outcome(actor, (db) => db.query(`update public.calculations set cancel_requested = true where id = $1`, [f.calcInBatch]))).toBe('denied');
    }
  });

  it('the owner shares and unshares; only into a team where they may share', async () => {
    expect(await outcome('owner', (db) => db.query(`update public.calculations set organization_id = $2 where id = $1`, [f.calcPrivate, f.org]))).toBe('ok');
    expect(await outcome('owner', (db) => db.query(`update public.batch_jobs set organization_id = null where id = $1`, [f.batchShared]))).toBe('ok');
    // Unsharing the batch takes its calculations and molecules with it.
    const unshared = await attempt('owner', async (db) => {
      await db.query(`update public.batch_jobs set organization_id = null where id = $1`, [f.batchShared]);
      await becomes(db, f.users.member);
      return sharedSeen(db);
    });
    expect(unshared).toEqual({ ok: true, value: { ...ALL, molecules: 2, calculations: 2, batch_jobs: 0, batch_items: 0 } });
    // Not into a team one is only invited to.
    const intoInvitedTeam = await attemptAs(invitee, (db) =>
      db.query(`insert into public.molecules (owner_id, organization_id, name, inchikey) values ($1, $2, 'm', $3)`, [invitee, f.org, inchikey()]),
    );
    expect(intoInvitedTeam.ok).toBe(false);
  });

  it('leaving a team unshares what one had shared with it', async () => {
    const result = await attempt('member', async (db) => {
      const mol = (
        await db.query(`insert into public.molecules (owner_id, organization_id, name, inchikey) values ($1, $2, 'm', $3) returning id`, [
          f.users.member,
          f.org,
          inchikey(),
        ])
      ).rows[0].id;
      await db.query(`delete from public.memberships where id = $1`, [f.memberMembership]);
      return (await db.query(`select organization_id from public.molecules where id = $1`, [mol])).rows[0];
    });
    expect(result).toEqual({ ok: true, value: { organization_id: null } });
  });

  it('lists mark rows shared with me, not my own nor (for a global admin) others’ private ones', async () => {
    const marks = async (actor: Actor) => {
      const r = await attempt(actor, (db) =>
        db.query(`select id::text, public.is_shared_with_me(organization_id, batch_id) as shared from public.calculations where id = any ($1::uuid[])`, [
          [f.calcShared, f.calcInBatch, f.calcPrivate],
        ]),
      );
      if (!r.ok) throw r.error;
      return Object.fromEntries(r.value.rows.map((row) => [row.id === f.calcShared ? 'shared' : row.id === f.calcInBatch ? 'inBatch' : 'private', row.shared]));
    };
    expect(await marks('member')).toEqual({ shared: true, inBatch: true });
    expect(await marks('admin')).toEqual({ shared: false, inBatch: false, private: false });
  });
});

describe('molecules are unique per owner', () => {
  it('by InChIKey, per owner', async () => {
    const key = inchikey();
    const insert = (db: Queryable, owner: string) => db.query(`insert into public.molecules (owner_id, name, inchikey) values ($1, 'm', $2)`, [owner, key]);
    const twice = await attempt('owner', async (db) => {
      await insert(db, f.users.owner);
      return insert(db, f.users.owner);
    });
    expect(twice.ok).toBe(false);
    if (!twice.ok) expect((twice.error as { code?: string }).code).toBe('23505');
    const byTwoOwners = await attempt('admin', async (db) => {
      await insert(db, f.users.owner);
      return insert(db, f.users.member);
    });
    expect(byTwoOwners.ok).toBe(true);
  });

  it('by geometry hash when there is no InChIKey', async () => {
    const hash = hex64();
    const insert = (db: Queryable, key: string | null) =>
      db.query(`insert into public.molecules (owner_id, name, inchikey, geometry_hash, source_format) values ($1, 'm', $2, $3, 'xyz')`, [
        f.users.owner,
        key,
        hash,
      ]);
    const twice = await attempt('owner', async (db) => {
      await insert(db, null);
      return insert(db, null);
    });
    expect(twice.ok).toBe(false);
    if (!twice.ok) expect((twice.error as { code?: string }).code).toBe('23505');
    const withKey = await attempt('owner', async (db) => {
      await insert(db, null);
      return insert(db, inchikey());
    });
    expect(withKey.ok).toBe(true);
  });

  it('needs an InChIKey or a geometry hash', async () => {
    const result = await attempt('owner', (db) => db.query(`insert into public.molecules (owner_id, name) values ($1, 'm')`, [f.users.owner]));
    expect(result.ok).toBe(false);
    if (!result.ok) expect((result.error as { code?: string }).code).toBe('23514');
  });
});

describe('constraints', () => {
  it.each([
    ['charge out of range', 'charge = 99'],
    ['negative unpaired electrons', 'uhf = -1'],
    ['non-positive electronic temperature', 'etemp = 0'],
    ['unknown method', `method = 'gfn3'`],
    ['solvent without a model', `solvent = 'water'`],
  ])('calculations refuse %s', async (_name, set) => {
    const result = await attempt('admin', (db) => db.query(`update public.calculations set ${set} where id = $1`, [f.calcShared]));
    expect(result.ok).toBe(false);
  });
});

describe('auth.uid()', () => {
  it('is null with an empty claims setting, and RLS then shows nothing', async () => {
    const client = await getPool().connect();
    try {
      await client.query('begin');
      await client.query(`select set_config('role', 'authenticated', true), set_config('request.jwt.claims', '', true)`);
      const uid = await client.query('select auth.uid() as uid');
      expect(uid.rows[0].uid).toBeNull();
      const molecules = await client.query(`select count(*)::int as n from public.molecules where id = any ($1::uuid[])`, [
        [f.molShared, f.molPrivate, f.otherMol],
      ]);
      expect(molecules.rows[0].n).toBe(0);
      const profiles = await client.query(`select count(*)::int as n from public.profiles`);
      expect(profiles.rows[0].n).toBe(0);
    } finally {
      await client.query('rollback');
      client.release();
    }
  });

  it('is the claims subject inside asUser', async () => {
    const result = await attempt('owner', (db) => db.query('select auth.uid()::text as uid'));
    expect(result.ok && result.value.rows[0].uid).toBe(f.users.owner);
  });
});

describe('user sessions', () => {
  it('refuse a save older than the stored revision and keep the newer state', async () => {
    const result = await attempt('owner', async (db) => {
      await db.query(`update public.user_sessions set revision = 10, current_view = 'results' where user_id = $1`, [f.users.owner]);
      try {
        await db.query('savepoint stale');
        await db.query(`update public.user_sessions set revision = 9, current_view = 'editor' where user_id = $1`, [f.users.owner]);
        return { stale: 'accepted' };
      } catch (error) {
        await db.query('rollback to savepoint stale');
        const { rows } = await db.query(`select revision, current_view from public.user_sessions where user_id = $1`, [f.users.owner]);
        return { stale: (error as { code?: string }).code, row: rows[0] };
      }
    });
    expect(result.ok && result.value).toEqual({ stale: 'QF409', row: { revision: 10, current_view: 'results' } });
  });

  it('refuse an oversized payload', async () => {
    const big = JSON.stringify({ xyz: 'x'.repeat(3 * 1024 * 1024) });
    const result = await attempt('owner', (db) =>
      db.query(`update public.user_sessions set revision = revision + 1, editor_content = $1::jsonb where user_id = $2`, [big, f.users.owner]),
    );
    expect(result.ok).toBe(false);
    if (!result.ok) expect((result.error as { code?: string }).code).toBe('23514');
  });

  it('expire seven days after the last save', async () => {
    const result = await attempt('owner', (db) =>
      db.query(`select (expires_at - now()) > interval '6 days 23 hours' as fresh from public.user_sessions where user_id = $1`, [f.users.owner]),
    );
    expect(result.ok && result.value.rows[0].fresh).toBe(true);
  });
});

describe('api keys', () => {
  it('stay revoked', async () => {
    const result = await attempt('owner', async (db) => {
      await db.query(`update public.api_keys set revoked_at = now() where id = $1`, [f.apiKey]);
      return db.query(`update public.api_keys set revoked_at = null where id = $1`, [f.apiKey]);
    });
    expect(result.ok).toBe(false);
  });
});

describe('demo seed', () => {
  it('has an admin, a researcher and a viewer who can sign in with the demo password', async () => {
    const { rows } = await getPool().query(
      `select u.email, p.role, u.encrypted_password = extensions.crypt('demo-password-123', u.encrypted_password) as password_ok,
              exists (select 1 from auth.identities i where i.user_id = u.id and i.provider = 'email') as has_identity
       from auth.users u join public.profiles p on p.id = u.id
       where u.email like '%@quantumforge.local' order by u.email`,
    );
    expect(rows).toEqual([
      { email: 'admin@quantumforge.local', role: 'admin', password_ok: true, has_identity: true },
      { email: 'researcher@quantumforge.local', role: 'researcher', password_ok: true, has_identity: true },
      { email: 'viewer@quantumforge.local', role: 'viewer', password_ok: true, has_identity: true },
    ]);
  });
});
