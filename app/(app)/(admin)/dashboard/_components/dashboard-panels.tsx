'use client';

// The dashboard's panels, each refreshed on its own from GET /api/dashboard while the tab is
// visible (TanStack Query pauses the interval when the page is hidden and refetches on return).
import { useQuery } from '@tanstack/react-query';
import Link from 'next/link';
import type { ReactNode } from 'react';
import { Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { PanelData, PanelName } from '@/lib/dashboard/panels';
import { Card } from '@/components/ui/card';
import { DataTable, rowClassName } from '@/components/ui/data-table';

const REFRESH_MS = 15_000;
const COLORS: Record<string, string> = { gfn2: '#6366f1', gfn1: '#0ea5e9', gfn0: '#f59e0b', gfnff: '#10b981' };
const ERROR_COLORS: Record<string, string> = { validation: '#f59e0b', timeout: '#ef4444', convergence: '#8b5cf6', system: '#64748b', unknown: '#0ea5e9' };
const ERROR_LABELS: Record<string, string> = {
  validation: 'Invalid input',
  timeout: 'Time limit',
  convergence: 'Did not converge',
  system: 'System error',
  unknown: 'Unknown',
};

class PanelError extends Error {}

function usePanel<K extends PanelName>(panel: K, rangeQuery: string, initial: PanelData[K]): { data: PanelData[K]; error: Error | null } {
  const query = useQuery({
    queryKey: ['dashboard', panel, rangeQuery],
    queryFn: async (): Promise<PanelData[K]> => {
      const res = await fetch(`/api/dashboard?panel=${panel}&${rangeQuery}`, { cache: 'no-store' });
      if (!res.ok) {
        const problem = (await res.json().catch(() => null)) as { detail?: string } | null;
        throw new PanelError(problem?.detail ?? 'This panel could not be refreshed.');
      }
      return ((await res.json()) as { data: PanelData[K] }).data;
    },
    initialData: initial,
    refetchInterval: REFRESH_MS,
    refetchIntervalInBackground: false,
  });
  return { data: query.data ?? initial, error: query.error };
}

export function DashboardPanels({ rangeQuery, initial }: { rangeQuery: string; initial: PanelData }) {
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      <ThroughputPanel rangeQuery={rangeQuery} initial={initial.throughput} />
      <div className="grid min-w-0 gap-4 sm:grid-cols-2">
        <SuccessPanel rangeQuery={rangeQuery} initial={initial.success} />
        <QueuePanel rangeQuery={rangeQuery} initial={initial.queue} />
      </div>
      <WorkersPanel rangeQuery={rangeQuery} initial={initial.workers} />
      <RuntimePanel rangeQuery={rangeQuery} initial={initial.runtime} />
      <FailuresPanel rangeQuery={rangeQuery} initial={initial.failures} />
      <UsagePanel rangeQuery={rangeQuery} initial={initial.usage} />
      <HostsPanel rangeQuery={rangeQuery} initial={initial.hosts} />
    </div>
  );
}

function Panel({ id, title, error, children, wide }: { id: string; title: string; error: Error | null; children: ReactNode; wide?: boolean }) {
  return (
    <Card as="section" aria-labelledby={`${id}-heading`} data-testid={`panel-${id}`} className={wide ? 'min-w-0 lg:col-span-2' : 'min-w-0'}>
      <h2 id={`${id}-heading`} className="mb-2 font-medium">
        {title}
      </h2>
      {error ? (
        <p role="status" className="mb-2 text-xs text-amber-700 dark:text-amber-400">
          {error.message} Showing the last figures.
        </p>
      ) : null}
      {children}
    </Card>
  );
}

const Empty = ({ children }: { children: ReactNode }) => <p className="text-sm text-slate-500">{children}</p>;

function formatBucket(iso: string, bucket: 'hour' | 'day') {
  return bucket === 'hour' ? `${iso.slice(5, 10)} ${iso.slice(11, 16)}` : iso.slice(0, 10);
}

export function formatSeconds(s: number): string {
  if (s < 1) return `${Math.round(s * 1000)} ms`;
  if (s < 120) return `${s.toFixed(s < 10 ? 2 : 1)} s`;
  if (s < 7200) return `${(s / 60).toFixed(1)} min`;
  if (s < 172_800) return `${(s / 3600).toFixed(1)} h`;
  return `${(s / 86_400).toFixed(1)} d`;
}

const formatTime = (iso: string) => `${iso.slice(0, 10)} ${iso.slice(11, 19)} UTC`;

function ThroughputPanel({ rangeQuery, initial }: { rangeQuery: string; initial: PanelData['throughput'] }) {
  const { data, error } = usePanel('throughput', rangeQuery, initial);
  const rows = data.points.map((p) => ({ ...p, label: formatBucket(p.bucket, data.bucket) }));
  const per = data.bucket === 'hour' ? 'per hour' : 'per day';
  return (
    <Panel id="throughput" title={`Calculations finished ${per}`} error={error}>
      {rows.length === 0 ? (
        <Empty>No calculation finished in this range.</Empty>
      ) : (
        <div className="h-56 w-full">
          <ResponsiveContainer width="100%" height="100%">
            <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
              <CartesianGrid strokeDasharray="3 3" opacity={0.4} />
              <XAxis dataKey="label" fontSize={11} />
              <YAxis allowDecimals={false} fontSize={11} width={40} />
              <Tooltip formatter={(value, name) => [`${value} calculations`, name]} />
              <Legend />
              <Bar dataKey="succeeded" name="Succeeded" stackId="a" fill="#10b981" isAnimationActive={false} />
              <Bar dataKey="failed" name="Failed" stackId="a" fill="#ef4444" isAnimationActive={false} />
            </BarChart>
          </ResponsiveContainer>
        </div>
      )}
    </Panel>
  );
}

function SuccessPanel({ rangeQuery, initial }: { rangeQuery: string; initial: PanelData['success'] }) {
  const { data, error } = usePanel('success', rangeQuery, initial);
  return (
    <Panel id="success" title="Success rate" error={error}>
      <p className="text-3xl font-semibold tabular-nums" data-testid="success-rate">
        {data.rate === null ? '–' : `${(data.rate * 100).toFixed(1)} %`}
      </p>
      <p className="text-sm text-slate-500">
        {data.succeeded} succeeded, {data.failed} failed{data.cancelled ? `, ${data.cancelled} cancelled` : ''}
      </p>
    </Panel>
  );
}

function QueuePanel({ rangeQuery, initial }: { rangeQuery: string; initial: PanelData['queue'] }) {
  const { data, error } = usePanel('queue', rangeQuery, initial);
  return (
    <Panel id="queue" title="Queue now" error={error}>
      <p className="text-3xl font-semibold tabular-nums">{data.queued} queued</p>
      <p className="text-sm text-slate-500">
        {data.running} running
        {data.oldestAgeSeconds !== null ? `; oldest waiting ${formatSeconds(data.oldestAgeSeconds)}` : '; nothing waiting'}
      </p>
    </Panel>
  );
}

function WorkersPanel({ rangeQuery, initial }: { rangeQuery: string; initial: PanelData['workers'] }) {
  const { data, error } = usePanel('workers', rangeQuery, initial);
  return (
    <Panel id="workers" title="Workers" error={error}>
      {data.length === 0 ? (
        <Empty>No worker reported in this range.</Empty>
      ) : (
        <DataTable
          variant="compact"
          wrapperClassName="overflow-x-auto"
          columns={[{ label: 'Host' }, { label: 'State' }, { label: 'Jobs', numeric: true }, { label: 'xtb' }, { label: 'Last heartbeat' }]}
        >
          {data.map((w) => (
            <tr key={w.id} className={rowClassName('compact')}>
              <th scope="row" className="py-1 pr-2 text-left font-normal">
                {w.host} <span className="text-slate-500">(pid {w.pid})</span>
              </th>
              <td className="py-1 pr-2">
                {w.dead ? (
                  <span className="font-medium text-red-600 dark:text-red-400">Dead since {formatTime(w.deadSince!)}</span>
                ) : (
                  <span>{w.status === 'stopped' ? 'Stopped' : 'Alive'}</span>
                )}
              </td>
              <td className="py-1 pr-2 text-right tabular-nums">
                {w.jobsRunning} of {w.concurrency}
              </td>
              <td className="py-1 pr-2">
                {w.xtbVersion ?? 'not found'}
                {w.methods.length ? ` (${w.methods.join(', ')})` : ''}
              </td>
              <td className="py-1">
                {formatTime(w.lastSeenAt)} <span className="text-slate-500">(window {w.heartbeatWindowSeconds} s)</span>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </Panel>
  );
}

function RuntimePanel({ rangeQuery, initial }: { rangeQuery: string; initial: PanelData['runtime'] }) {
  const { data, error } = usePanel('runtime', rangeQuery, initial);
  const methods = [...new Set(data.points.map((p) => p.method))];
  return (
    <Panel id="runtime" title="Runtime against atom count" error={error}>
      {data.percentiles.length === 0 ? (
        <Empty>No attempt finished in this range.</Empty>
      ) : (
        <>
          <DataTable
            variant="compact"
            className="mb-3"
            columns={[
              { label: 'Method' },
              { label: 'Attempts', numeric: true },
              { label: 'Median wall time', numeric: true },
              { label: '95th percentile', numeric: true },
            ]}
          >
            {data.percentiles.map((p) => (
              <tr key={p.method}>
                <th scope="row" className="py-1 text-left font-normal">
                  {p.method.toUpperCase()}
                </th>
                <td className="py-1 text-right tabular-nums">{p.attempts}</td>
                <td className="py-1 text-right tabular-nums">{formatSeconds(p.p50)}</td>
                <td className="py-1 text-right tabular-nums">{formatSeconds(p.p95)}</td>
              </tr>
            ))}
          </DataTable>
          <div className="h-56 w-full">
            <ResponsiveContainer width="100%" height="100%">
              <ScatterChart margin={{ top: 8, right: 8, bottom: 16, left: 0 }}>
                <CartesianGrid strokeDasharray="3 3" opacity={0.4} />
                <XAxis type="number" dataKey="atoms" name="Atoms" unit=" atoms" fontSize={11} />
                <YAxis type="number" dataKey="wallSeconds" name="Wall time" unit=" s" fontSize={11} width={56} />
                <Tooltip formatter={(value, name) => [name === 'Wall time' ? formatSeconds(Number(value)) : `${value} atoms`, name]} />
                <Legend />
                {methods.map((m) => (
                  <Scatter
                    key={m}
                    name={m.toUpperCase()}
                    data={data.points.filter((p) => p.method === m)}
                    fill={COLORS[m] ?? '#64748b'}
                    isAnimationActive={false}
                  />
                ))}
              </ScatterChart>
            </ResponsiveContainer>
          </div>
        </>
      )}
    </Panel>
  );
}

function FailuresPanel({ rangeQuery, initial }: { rangeQuery: string; initial: PanelData['failures'] }) {
  const { data, error } = usePanel('failures', rangeQuery, initial);
  const types = data.types.map((t) => t.errorType);
  const rows = data.series.map((s) => ({ label: formatBucket(s.bucket, data.bucket), ...s.counts }));
  return (
    <Panel id="failures" title="Failures by type" error={error}>
      {data.types.length === 0 ? (
        <Empty>No failure in this range.</Empty>
      ) : (
        <>
          <div className="h-48 w-full">
            <ResponsiveContainer width="100%" height="100%">
              <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
                <CartesianGrid strokeDasharray="3 3" opacity={0.4} />
                <XAxis dataKey="label" fontSize={11} />
                <YAxis allowDecimals={false} fontSize={11} width={40} />
                <Tooltip formatter={(value, name) => [`${value} failed attempts`, ERROR_LABELS[String(name)] ?? name]} />
                {types.map((t) => (
                  <Bar key={t} dataKey={t} name={t} stackId="f" fill={ERROR_COLORS[t] ?? '#64748b'} isAnimationActive={false} />
                ))}
              </BarChart>
            </ResponsiveContainer>
          </div>
          <ul className="mt-3 space-y-2 text-sm">
            {data.types.map((t) => (
              <li key={t.errorType}>
                <Link href={`/results?status=failed&error=${t.errorType}`} className="font-medium text-indigo-700 underline dark:text-indigo-300">
                  {ERROR_LABELS[t.errorType] ?? t.errorType}: {t.count} failed {t.count === 1 ? 'attempt' : 'attempts'}
                </Link>
                <ul className="ml-4 list-disc text-slate-600 dark:text-slate-400">
                  {t.topMessages.map((m) => (
                    <li key={m.message}>
                      <span className="break-words">{m.message}</span> <span className="tabular-nums">(×{m.count})</span>
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        </>
      )}
    </Panel>
  );
}

function UsagePanel({ rangeQuery, initial }: { rangeQuery: string; initial: PanelData['usage'] }) {
  const { data, error } = usePanel('usage', rangeQuery, initial);
  return (
    <Panel id="usage" title="Usage by user" error={error} wide>
      {data.length === 0 ? (
        <Empty>Nobody ran a calculation in this range.</Empty>
      ) : (
        <DataTable
          variant="compact"
          wrapperClassName="overflow-x-auto"
          columns={[
            { label: 'User' },
            { label: 'Calculations', numeric: true },
            { label: 'Succeeded', numeric: true },
            { label: 'Failed', numeric: true },
            { label: 'CPU time', numeric: true },
            { label: 'Wall time', numeric: true },
          ]}
        >
          {data.map((u) => (
            <tr key={u.userId} className={rowClassName('compact')}>
              <th scope="row" className="py-1 pr-2 text-left font-normal">
                {u.user}
              </th>
              <td className="py-1 pr-2 text-right tabular-nums">{u.calculations}</td>
              <td className="py-1 pr-2 text-right tabular-nums">{u.succeeded}</td>
              <td className="py-1 pr-2 text-right tabular-nums">{u.failed}</td>
              <td className="py-1 pr-2 text-right tabular-nums">{formatSeconds(u.cpuSeconds)}</td>
              <td className="py-1 text-right tabular-nums">{formatSeconds(u.wallSeconds)}</td>
            </tr>
          ))}
        </DataTable>
      )}
    </Panel>
  );
}

const HOST_SERIES = [
  { key: 'cpuPercent', name: 'CPU %', color: '#6366f1', axis: 'pct' },
  { key: 'memoryPercent', name: 'Memory %', color: '#10b981', axis: 'pct' },
  { key: 'queueDepth', name: 'Queued jobs', color: '#f59e0b', axis: 'jobs' },
  { key: 'jobsRunning', name: 'Running jobs', color: '#ef4444', axis: 'jobs' },
] as const;

function HostsPanel({ rangeQuery, initial }: { rangeQuery: string; initial: PanelData['hosts'] }) {
  const { data, error } = usePanel('hosts', rangeQuery, initial);
  const step = formatSeconds(data.bucketSeconds);
  return (
    <Panel id="hosts" title="Worker hosts over time" error={error} wide>
      {data.hosts.length === 0 ? (
        <Empty>No host samples in this range (workers sample every QF_METRICS_SAMPLE_SECONDS, default 60 s).</Empty>
      ) : (
        <div className="grid gap-4 lg:grid-cols-2">
          {data.hosts.slice(0, 8).map((h) => (
            <figure key={h.host} className="h-56 w-full">
              <figcaption className="text-xs text-slate-500">
                {h.host} · CPU and memory averaged, jobs at their peak, per {step}
              </figcaption>
              <ResponsiveContainer width="100%" height="90%">
                <LineChart data={h.points.map((p) => ({ ...p, label: formatBucket(p.bucket, 'hour') }))} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
                  <CartesianGrid strokeDasharray="3 3" opacity={0.4} />
                  <XAxis dataKey="label" fontSize={11} />
                  <YAxis yAxisId="pct" domain={[0, 100]} fontSize={11} width={36} unit="%" />
                  <YAxis yAxisId="jobs" orientation="right" allowDecimals={false} fontSize={11} width={32} />
                  <Tooltip formatter={(value, name) => [typeof value === 'number' ? Number(value.toFixed(1)) : value, name]} />
                  <Legend />
                  {HOST_SERIES.map((s) => (
                    <Line key={s.key} yAxisId={s.axis} dataKey={s.key} name={s.name} stroke={s.color} dot={false} isAnimationActive={false} connectNulls />
                  ))}
                </LineChart>
              </ResponsiveContainer>
            </figure>
          ))}
        </div>
      )}
    </Panel>
  );
}
