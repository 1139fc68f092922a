import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { z } from 'zod';
import { Suspense } from 'react';
import { requireUser, type CurrentUser } from '@/lib/auth/require-user';
import { PageLoading } from '@/components/ui/page-loading';
import { BackLink } from '@/components/ui/back-link';
import { Options } from '@/components/ui/select';
import { ERROR_TYPES, getBatch, type BatchDetail, ITEM_SORTS, ITEM_STATUSES, listBatchItems, type ItemQuery } from '@/lib/batches/read-batches';
import { getPreferences } from '@/lib/preferences/get-preferences';
import { ENERGY_UNIT_LABELS, HARTREE_TO_EV, convertEnergy, formatEnergy } from '@/lib/units/format-energy';
import type { QuantityDisplay } from '@/lib/units/quantity-display';
import { getBatchStatistics, type BatchStatistics as Statistics, type Histogram } from '@/lib/batches/batch-statistics';
import { labelBins } from '@/lib/batches/histogram-labels';
import { METHOD_LABELS, TASK_LABELS, taskOptimises, type Method, type OptLevel, type Task } from '@/lib/calculations/parameters';
import { nextOptLevel } from '@/lib/batches/control-batch';
import { getSharing, type SharingState } from '@/lib/teams/sharing';
import { ShareControl } from '@/components/share-control';
import { shareItemAction } from '../../teams/actions';
import { BatchProgress } from '../_components/batch-progress';
import { BatchControls } from './_components/batch-controls';
import { BatchStatistics, type StatisticsView } from './_components/batch-statistics';
import { LiveRefresh } from './_components/live-refresh';
import { ThroughputChart } from './_components/throughput-chart';
import { DataTable, rowClassName } from '@/components/ui/data-table';
import { Pager } from '@/components/ui/pager';

const EXPORT_LINKS = [
  ['csv', 'CSV'],
  ['jsonl', 'JSONL (with atoms)'],
  ['sdf', 'SDF (final geometries)'],
  ['zip', 'ZIP (XYZ + JSON per molecule)'],
] as const;

export const metadata: Metadata = { title: 'Batch' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const PAGE_SIZE = 50;

const querySchema = z.object({
  page: z.coerce.number().int().min(1).catch(1),
  status: z.enum(ITEM_STATUSES).optional().catch(undefined),
  error: z.enum(ERROR_TYPES).optional().catch(undefined),
  sort: z.enum(ITEM_SORTS).catch('row'),
  dir: z.enum(['asc', 'desc']).catch('asc'),
});

type Search = Record<string, string | string[] | undefined>;

export default async function BatchPage({ params, searchParams }: { params: Promise<{ id: string }>; searchParams: Promise<Search> }) {
  const user = await requireUser();
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  // Decided before anything is streamed, so that an unknown batch, or another user's, is answered 404
  // (a loading boundary above this would have sent 200 first). The rest streams behind the spinner.
  const [batch, sharing] = await Promise.all([getBatch(user.claims, id), getSharing(user.claims, 'batch', id)]);
  if (!batch || !sharing) notFound();
  return (
    <Suspense fallback={<PageLoading />}>
      <BatchView user={user} batch={batch} sharing={sharing} search={searchParams} />
    </Suspense>
  );
}

async function BatchView({ user, batch, sharing, search }: { user: CurrentUser; batch: BatchDetail; sharing: SharingState; search: Promise<Search> }) {
  const id = batch.id;
  const raw = await search;
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const q = querySchema.parse({ page: first(raw.page), status: first(raw.status), error: first(raw.error), sort: first(raw.sort), dir: first(raw.dir) });
  const itemQuery: ItemQuery = { page: q.page, pageSize: PAGE_SIZE, status: q.status, errorType: q.error, sort: q.sort, descending: q.dir === 'desc' };
  const [items, prefs, statistics] = await Promise.all([listBatchItems(user.claims, id, itemQuery), getPreferences(), getBatchStatistics(user.claims, id)]);

  const active = batch.counts.queued + batch.counts.running > 0;
  const pages = Math.max(1, Math.ceil(items.total / PAGE_SIZE));
  const href = (patch: Partial<Record<'page' | 'status' | 'error' | 'sort' | 'dir', string | number | undefined>>) => {
    const next = { page: q.page, status: q.status, error: q.error, sort: q.sort, dir: q.dir, ...patch };
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(next)) {
      if (value === undefined || value === '' || (key === 'page' && value === 1) || (key === 'sort' && value === 'row') || (key === 'dir' && value === 'asc'))
        continue;
      search.set(key, String(value));
    }
    const text = search.toString();
    return `/batches/${id}${text ? `?${text}` : ''}`;
  };
  const p = batch.parameters as { method?: Method; task?: Task; solvationModel?: string; solvent?: string; etemp?: number; optLevel?: OptLevel };

  return (
    <div className="space-y-6">
      <div>
        <BackLink href="/batches">Batches</BackLink>
        <div className="flex items-baseline gap-3">
          <h1 className="text-2xl font-semibold tracking-tight" data-testid="batch-name">
            {batch.name}
          </h1>
          <span data-testid="batch-status" className="rounded bg-slate-100 px-2 py-0.5 text-xs dark:bg-slate-800">
            {batch.status}
          </span>
          <LiveRefresh active={active} />
        </div>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          {p.method ? METHOD_LABELS[p.method] : ''} {p.task ? TASK_LABELS[p.task].toLowerCase() : ''}
          {p.task === 'opt' || p.task === 'ohess' ? ` (${p.optLevel})` : ''}
          {p.solvationModel && p.solvationModel !== 'none' ? `, ${p.solvationModel.toUpperCase()} ${p.solvent}` : ', gas phase'}
          {p.etemp ? `, ${p.etemp} K` : ''}
          {batch.sourceFilename ? ` — from ${batch.sourceFilename}` : ''}, created {batch.createdAt.slice(0, 16).replace('T', ' ')} UTC
        </p>
      </div>

      <ShareControl kind="batch" id={batch.id} {...sharing} action={shareItemAction} />
      {/* Cancel, retry and delete stay with the batch's owner (and global admins); teammates only read a shared batch. */}
      {(sharing.ownedByMe || user.role === 'admin') && (
        <BatchControls
          batchId={batch.id}
          batchName={batch.name}
          active={active}
          failed={batch.counts.failed}
          etemp={p.etemp ?? 300}
          optimises={p.task ? taskOptimises(p.task) : false}
          optLevel={p.optLevel ?? null}
          nextOptLevel={p.optLevel ? nextOptLevel(p.optLevel) : null}
        />
      )}

      <section aria-label="Progress" className="space-y-3">
        <BatchProgress counts={batch.counts} />
        <dl className="grid grid-cols-3 gap-3 sm:grid-cols-7" data-testid="batch-counts">
          {(
            [
              ['Total', batch.counts.total, 'total'],
              ['Queued', batch.counts.queued, 'queued'],
              ['Running', batch.counts.running, 'running'],
              ['Succeeded', batch.counts.succeeded, 'succeeded'],
              ['Failed', batch.counts.failed, 'failed'],
              ['Cancelled', batch.counts.cancelled, 'cancelled'],
              ['Invalid', batch.counts.invalid, 'invalid'],
            ] as const
          ).map(([label, value, key]) => (
            <div key={key} className="rounded-md border border-slate-200 p-2 dark:border-slate-800">
              <dt className="text-xs text-slate-500">{label}</dt>
              <dd className="text-lg font-semibold tabular-nums" data-testid={`count-${key}`}>
                {value.toLocaleString('en-US')}
              </dd>
            </div>
          ))}
        </dl>
        <p className="text-sm text-slate-700 dark:text-slate-300" data-testid="batch-rate">
          {batch.ratePerMinute !== null
            ? `Throughput now: ${batch.ratePerMinute.toFixed(1)} calculations per minute.`
            : active
              ? 'Throughput: none measured yet (no calculation finished in the last 5 minutes).'
              : 'No calculation is waiting.'}
          {batch.etaSeconds !== null ? ` Estimated time left: ${formatDuration(batch.etaSeconds)}.` : ''}
        </p>
        <ThroughputChart data={batch.throughput} />
      </section>

      <nav aria-label="Export" className="flex flex-wrap items-center gap-3 text-sm">
        <span className="text-slate-500">Export all calculations:</span>
        {EXPORT_LINKS.map(([format, label]) => (
          <a key={format} href={`/batches/${id}/export?format=${format}`} download className="text-indigo-700 hover:underline dark:text-indigo-400">
            {label}
          </a>
        ))}
      </nav>

      <BatchStatistics view={statisticsView(statistics, prefs.quantityDisplay)} />

      <section aria-labelledby="items-heading" className="space-y-3">
        <h2 id="items-heading" className="text-lg font-semibold">
          Items
        </h2>
        <form method="get" className="flex flex-wrap items-end gap-3 text-sm">
          <FilterSelect id="items-status" label="Status" name="status" defaultValue={q.status ?? ''}>
            <option value="">All</option>
            <Options values={ITEM_STATUSES} />
          </FilterSelect>
          <FilterSelect id="items-error" label="Error type" name="error" defaultValue={q.error ?? ''}>
            <option value="">Any</option>
            <Options values={ERROR_TYPES} />
          </FilterSelect>
          <FilterSelect id="items-sort" label="Sort by" name="sort" defaultValue={q.sort}>
            <option value="row">Row in the file</option>
            <option value="status">Status</option>
            <option value="name">Name</option>
            <option value="energy">Total energy</option>
          </FilterSelect>
          <FilterSelect id="items-dir" label="Order" name="dir" defaultValue={q.dir}>
            <option value="asc">Ascending</option>
            <option value="desc">Descending</option>
          </FilterSelect>
          <button type="submit" className="rounded-md border border-slate-300 px-3 py-1 hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800">
            Apply
          </button>
        </form>
        <DataTable
          testId="batch-items"
          columns={[
            { label: 'Row' },
            { label: 'Name' },
            { label: 'Input' },
            { label: 'Status' },
            { label: `Total energy (${ENERGY_UNIT_LABELS[prefs.energyUnit]})`, numeric: true },
            { label: 'Error' },
          ]}
        >
          {items.items.map((item) => (
            <tr key={item.id} className={rowClassName()} data-testid="batch-item">
              <td className="px-2 py-1 tabular-nums">
                {item.row ?? '—'}
                {item.duplicateRows.length > 0 && <span className="block text-xs text-slate-500">also {item.duplicateRows.join(', ')}</span>}
              </td>
              <td className="px-2 py-1">
                {item.calculationId ? (
                  <Link href={`/results/${item.calculationId}`} className="text-indigo-700 hover:underline dark:text-indigo-400">
                    {item.name || 'result'}
                  </Link>
                ) : (
                  item.name
                )}
              </td>
              <td className="max-w-xs truncate px-2 py-1 font-mono text-xs" title={item.input ?? undefined}>
                {item.input}
              </td>
              <td className="px-2 py-1" data-testid="item-status">
                {item.status}
              </td>
              <td className="px-2 py-1 text-right tabular-nums">
                {item.totalEnergy === null ? '' : formatEnergy(item.totalEnergy, prefs.energyUnit, prefs.precision, { withUnit: false })}
              </td>
              <td className="px-2 py-1 text-xs">
                {item.errorType ? <span className="font-medium">{item.errorType}: </span> : null}
                {item.errorMessage}
              </td>
            </tr>
          ))}
        </DataTable>
        <Pager
          label="Item pages"
          page={q.page}
          pageCount={pages}
          href={(page) => href({ page })}
          summary={`Page ${q.page} of ${pages} (${items.total.toLocaleString('en-US')} items)`}
        />
      </section>
    </div>
  );
}

/** One labelled select of the item table's filter form (submitted as a GET query). */
function FilterSelect({
  id,
  label,
  name,
  defaultValue,
  children,
}: {
  id: string;
  label: string;
  name: string;
  defaultValue: string;
  children: React.ReactNode;
}) {
  return (
    <div className="flex flex-col">
      <label htmlFor={id} className="text-xs text-slate-500">
        {label}
      </label>
      <select id={id} name={name} defaultValue={defaultValue} className="rounded-md border border-slate-300 px-2 py-1 dark:border-slate-600 dark:bg-slate-900">
        {children}
      </select>
    </div>
  );
}

function formatDuration(seconds: number): string {
  if (seconds < 90) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 90) return `${minutes} min`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}

/** Bins in the user's unit and decimals per kind (total energy from Eh, gap from eV); dipole in debye. */
function statisticsView(stats: Statistics, display: QuantityDisplay): StatisticsView {
  const { unit, precision } = display.totalEnergy;
  const orbital = display.orbitalEnergy;
  const perMethod = (histograms: Histogram[], convert: (v: number) => number, digits: number) =>
    histograms.map((h) => ({ method: h.method, count: h.count, bins: labelBins(h.bins, convert, digits) }));
  const digits = Math.min(precision, 6);
  const runtime = new Map<string, { atoms: number; seconds: number }[]>();
  for (const point of stats.runtime) {
    const series = runtime.get(point.method) ?? [];
    series.push({ atoms: point.atoms, seconds: point.seconds });
    runtime.set(point.method, series);
  }
  return {
    histograms: [
      { key: 'energy', title: 'Total energy', unit: ENERGY_UNIT_LABELS[unit], perMethod: perMethod(stats.totalEnergy, (v) => convertEnergy(v, unit), digits) },
      {
        key: 'gap',
        title: 'HOMO–LUMO gap',
        unit: ENERGY_UNIT_LABELS[orbital.unit],
        perMethod: perMethod(stats.gap, (v) => convertEnergy(v / HARTREE_TO_EV, orbital.unit), Math.min(orbital.precision, 6)),
      },
      { key: 'dipole', title: 'Dipole moment', unit: 'D', perMethod: perMethod(stats.dipole, (v) => v, Math.min(display.dipole.precision, 6)) },
    ],
    runtime: [...runtime].map(([method, points]) => ({ method, points })),
    failures: stats.failures,
  };
}
