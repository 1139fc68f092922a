// Fills a throw-away database with a realistic volume for the dashboard: N calculations over the
// last 30 days from 50 users (92 % succeeded, 6 % failed with typed errors, 2 % cancelled, a few
// still queued), one execution-metrics row per finished calculation with a wall time that grows
// with the atom count, and a month of host samples from four workers (M performance_metrics rows,
// the sampling interval chosen to make M), all generated inside PostgreSQL with generate_series.
// The bulk load skips the triggers, so the dashboard rollups are rebuilt from the rows at the end;
// the loaded tables' secondary indexes are dropped first and built once at the end (building an
// index over sorted rows is several times cheaper than maintaining it row by row).
//   node scripts/seed-scale.ts [--n 1000000] [--metrics 5000000]
// Then `npm run bench:dashboard` measures the panel queries on it.
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { startScaleStack } from './scale-stack.ts';

const { values } = parseArgs({ options: { n: { type: 'string', default: '1000000' }, metrics: { type: 'string', default: '5000000' } } });
const n = Number(values.n);
if (!Number.isInteger(n) || n < 1 || n > 10_000_000) throw new Error('--n must be a whole number between 1 and 10,000,000');
const metrics = Number(values.metrics);
if (!Number.isInteger(metrics) || metrics < 28 || metrics > 50_000_000) throw new Error('--metrics must be a whole number between 28 and 50,000,000');
// Four hosts times seven series over 30 days: one sample per series every `sampleSeconds`.
const sampleSeconds = (30 * 86_400) / Math.ceil(metrics / 28);
const LOADED = ['calculations', 'calculation_execution_metrics', 'calculation_errors', 'performance_metrics'];
const started = performance.now();

const stack = await startScaleStack({ fresh: true });
const db = new pg.Client({ connectionString: stack.adminDatabaseUrl });
await db.connect();
// A second session loads the host samples while the first loads the calculations (and builds half
// of the indexes): the two cores both work.
const db2 = new pg.Client({ connectionString: stack.adminDatabaseUrl });
await db2.connect();
const step = async (label: string, sql: string, params: unknown[] = [], client: pg.Client = db) => {
  const t = performance.now();
  const { rowCount } = await client.query(sql, params);
  console.log(`${label}: ${rowCount ?? 0} rows in ${((performance.now() - t) / 1000).toFixed(1)} s (load average ${loadavg()[0]!.toFixed(1)})`);
};
try {
  // Seeding is an operator's bulk load: triggers (fair-use limits, batch sync) and foreign-key
  // checks are skipped for these sessions only; every row is consistent by construction.
  for (const client of [db, db2]) {
    await client.query(`set session_replication_role = replica`);
    await client.query(`set maintenance_work_mem = '256MB'`);
  }
  const { rows: indexes } = await db.query<{ name: string; definition: string }>(
    `select i.indexrelid::regclass::text as name, pg_get_indexdef(i.indexrelid) as definition
       from pg_index i join pg_class t on t.oid = i.indrelid join pg_namespace s on s.oid = t.relnamespace
      where s.nspname = 'public' and t.relname = any($1) and not i.indisprimary and not i.indisunique
        and not exists (select 1 from pg_constraint c where c.conindid = i.indexrelid)`,
    [LOADED],
  );
  for (const index of indexes) await db.query(`drop index ${index.name}`);
  console.log(`dropped ${indexes.length} secondary indexes of ${LOADED.join(', ')} for the load`);
  await step(
    'users',
    `
    insert into auth.users (instance_id, id, aud, role, email, encrypted_password, email_confirmed_at, raw_app_meta_data, raw_user_meta_data, created_at, updated_at)
    select '00000000-0000-0000-0000-000000000000', gen_random_uuid(), 'authenticated', 'authenticated', 'scale-' || i || '@example.test', '', now(),
           '{"provider":"email","providers":["email"]}', jsonb_build_object('display_name', 'Scale user ' || i), now(), now()
      from generate_series(1, 50) i`,
  );
  await step(
    'profiles',
    `
    insert into public.profiles (id, email, display_name, role)
    select id, email, raw_user_meta_data->>'display_name', case when email = 'scale-1@example.test' then 'admin' else 'researcher' end
      from auth.users where email like 'scale-%@example.test'
    on conflict (id) do update set role = excluded.role`,
  );
  await step(
    'molecules',
    `
    insert into public.molecules (owner_id, name, geometry_hash, source_format, atom_count)
    select u.id, 'scale molecule ' || m, md5(u.id::text || m) || md5(m || u.id::text), 'xyz', 3 + (m * 37) % 198
      from auth.users u cross join generate_series(1, 40) m where u.email like 'scale-%@example.test'`,
  );
  await step(
    'workers',
    `
    insert into public.workers (host, pid, concurrency, jobs_running, xtb_version, methods_available, status, last_seen_at)
    values ('scale-host-0', 100, 2, 1, '6.5.1', '{gfn2,gfn1,gfn0,gfnff}', 'running', now()),
           ('scale-host-1', 101, 2, 0, '6.5.1', '{gfn2,gfn1,gfn0,gfnff}', 'running', now() - interval '10 minutes')`,
  );
  await Promise.all([
    (async () => {
      await step(
        'calculations',
        `
        with mols as (select id, owner_id, atom_count, row_number() over (order by id) as k from public.molecules),
             total as (select count(*) as c from mols),
             -- Two minutes of room before now: the longest seeded run ends before now (finished >= started).
             g as (select i, random() as r, now() - interval '2 minutes' - random() * interval '30 days' as created from generate_series(1, $1::int) i)
        insert into public.calculations (molecule_id, owner_id, status, method, task, input_xyz, input_hash, queued_at, started_at, finished_at, created_at, attempts, error_type, error_message)
        select m.id, m.owner_id,
               case when g.r < 0.92 then 'succeeded' when g.r < 0.98 then 'failed' when g.r < 0.999 then 'cancelled' else 'queued' end,
               (array['gfn2', 'gfn2', 'gfn2', 'gfn1', 'gfn0', 'gfnff'])[1 + g.i % 6], 'sp',
               m.atom_count || E'\\nscale\\n', md5(g.i::text) || md5('x' || g.i), g.created,
               case when g.r < 0.999 then g.created + interval '2 seconds' end,
               case when g.r < 0.999 then g.created + interval '2 seconds' + (0.02 * m.atom_count ^ 1.5 * (0.5 + g.r)) * interval '1 second' end,
               g.created, case when g.r < 0.999 then 1 else 0 end,
               case when g.r >= 0.92 and g.r < 0.98 then (array['convergence', 'convergence', 'timeout', 'system', 'validation'])[1 + g.i % 5] end,
               case when g.r >= 0.92 and g.r < 0.98 then 'seeded failure ' || (g.i % 7) end
          from g join total on true join mols m on m.k = 1 + g.i % total.c`,
        [n],
      );
      await step(
        'execution metrics',
        `
        insert into public.calculation_execution_metrics (calculation_id, attempt, host, wall_time_s, cpu_time_s, created_at)
        select id, 1, 'scale-host-' || (abs(hashtext(id::text)) % 4), extract(epoch from finished_at - started_at),
               extract(epoch from finished_at - started_at) * 0.97, finished_at
          from public.calculations where finished_at is not null and status in ('succeeded', 'failed') order by finished_at`,
      );
      await step(
        'calculation errors',
        `
        insert into public.calculation_errors (calculation_id, attempt, error_type, message, created_at)
        select id, 1, error_type, error_message, finished_at from public.calculations where status = 'failed' order by finished_at`,
      );
    })(),
    (async () => {
      await step(
        'host metrics',
        `
        insert into public.performance_metrics (metric_type, metric_name, value, unit, tags, recorded_at)
        select 'host', m.name,
               case m.name when 'cpu_percent' then 20 + 70 * random() when 'memory_percent' then 40 + 30 * random()
                           when 'queue_depth' then floor(50 * random()) when 'jobs_running' then floor(3 * random()) else random() end,
               m.unit, jsonb_build_object('host', 'scale-host-' || h), t
          from generate_series(now() - interval '30 days', now(), $1 * interval '1 second') t
         cross join generate_series(0, 3) h
         cross join (values ('queue_depth', 'jobs'), ('jobs_running', 'jobs'), ('cpu_percent', '%'), ('memory_percent', '%'),
                            ('memory_used_bytes', 'bytes'), ('load_1m', null), ('worker_rss_bytes', 'bytes')) m(name, unit)
         order by t
         limit $2`,
        [sampleSeconds, metrics],
        db2,
      );
      await step(
        'host metric rollups',
        `
        insert into public.performance_metric_rollups (metric_type, metric_name, host, bucket, samples, total, peak)
        select metric_type, metric_name, tags->>'host', date_bin('15 minutes', recorded_at, timestamptz '2000-01-01'), count(*), sum(value), max(value)
          from public.performance_metrics where metric_type = 'host' group by 1, 2, 3, 4`,
        [],
        db2,
      );
    })(),
  ]);
  const t = performance.now();
  await Promise.all(
    [db, db2].map(async (client, half) => {
      for (const index of indexes.filter((_, i) => i % 2 === half)) await client.query(index.definition);
    }),
  );
  console.log(`rebuilt the ${indexes.length} indexes in ${((performance.now() - t) / 1000).toFixed(1)} s`);
  await db.query(`set session_replication_role = origin`);
  await step('dashboard rollups', `select public.dashboard_rollups_rebuild()`);
  const rollups = await db.query<{ n: number }>(`select count(*)::int as n from public.dashboard_rollups`);
  console.log(`dashboard rollups: ${rollups.rows[0]!.n} hourly and daily rows`);
  await step('vacuum analyze', `vacuum analyze`);
  const counted = await db.query<{ calculations: number; attempts: number; errors: number; samples: number }>(
    `select (select count(*) from public.calculations)::int as calculations, (select count(*) from public.calculation_execution_metrics)::int as attempts,
            (select count(*) from public.calculation_errors)::int as errors, (select count(*) from public.performance_metrics)::int as samples`,
  );
  const c = counted.rows[0]!;
  console.log(
    `seeded ${c.calculations} calculations, ${c.attempts} execution metrics, ${c.errors} errors and ${c.samples} host samples` +
      ` (${c.attempts + c.samples} metric rows) into ${stack.config.dataDir} in ${((performance.now() - started) / 60_000).toFixed(1)} min` +
      ` (load average ${loadavg()
        .map((l) => l.toFixed(1))
        .join(' ')}); run npm run bench:dashboard next`,
  );
} finally {
  await db2.end();
  await db.end();
  await stack.stop();
}
