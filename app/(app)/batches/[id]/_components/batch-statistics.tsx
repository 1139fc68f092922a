'use client';

// The batch's result statistics: one histogram per method and quantity (never pooled across
// methods), runtime against atom count, failures by type with their most common messages. Values
// arrive already converted to the user's units, with the unit label.
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import type { LabelledBin } from '@/lib/batches/histogram-labels';

export type DisplayHistogram = { method: string; count: number; bins: LabelledBin[] };
export type StatisticsView = {
  histograms: { key: string; title: string; unit: string; perMethod: DisplayHistogram[] }[];
  runtime: { method: string; points: { atoms: number; seconds: number }[] }[];
  failures: { errorType: string; count: number; messages: { message: string; count: number }[] }[];
};

const COLOURS = ['#6366f1', '#f59e0b', '#10b981', '#ef4444', '#0ea5e9'];

export function BatchStatistics({ view }: { view: StatisticsView }) {
  const anyResult = view.histograms.some((h) => h.perMethod.length > 0);
  return (
    <section aria-labelledby="statistics-heading" className="space-y-4" data-testid="batch-statistics">
      <h2 id="statistics-heading" className="text-lg font-semibold">
        Statistics
      </h2>
      {!anyResult && <p className="text-sm text-slate-500">No calculation of this batch has succeeded yet.</p>}
      <div className="grid gap-4 md:grid-cols-2">
        {view.histograms.flatMap((h) =>
          h.perMethod.map((m) => (
            <figure key={`${h.key}-${m.method}`} className="rounded-md border border-slate-200 p-2 dark:border-slate-800" data-testid={`histogram-${h.key}`}>
              <figcaption className="text-sm font-medium">
                {h.title} ({h.unit}), {m.method.toUpperCase()} — {m.count.toLocaleString('en-US')} calculations
              </figcaption>
              <div className="h-44 w-full">
                <ResponsiveContainer width="100%" height="100%">
                  <BarChart data={m.bins} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
                    <CartesianGrid strokeDasharray="3 3" opacity={0.4} />
                    {/* Short centre values under the bars (recharts drops the ones that would overlap); the exact range with its unit in the tooltip. */}
                    <XAxis dataKey="tick" fontSize={10} interval="preserveStartEnd" />
                    <YAxis allowDecimals={false} fontSize={11} width={40} />
                    <Tooltip
                      formatter={(value) => [value, 'calculations']}
                      labelFormatter={(tick, payload) => {
                        const bin = payload[0]?.payload as LabelledBin | undefined;
                        return bin ? `${bin.range} ${h.unit}` : tick;
                      }}
                    />
                    <Bar dataKey="count" fill="#6366f1" isAnimationActive={false} />
                  </BarChart>
                </ResponsiveContainer>
              </div>
            </figure>
          )),
        )}
      </div>
      {view.runtime.length > 0 && (
        <figure className="rounded-md border border-slate-200 p-2 dark:border-slate-800" data-testid="runtime-scatter">
          <figcaption className="text-sm font-medium">Runtime (s) against atom count</figcaption>
          <div className="h-56 w-full">
            <ResponsiveContainer width="100%" height="100%">
              <ScatterChart margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
                <CartesianGrid strokeDasharray="3 3" opacity={0.4} />
                <XAxis type="number" dataKey="atoms" name="atoms" fontSize={11} allowDecimals={false} />
                <YAxis type="number" dataKey="seconds" name="seconds" fontSize={11} width={48} />
                <Tooltip cursor={{ strokeDasharray: '3 3' }} />
                <Legend />
                {view.runtime.map((series, i) => (
                  <Scatter
                    key={series.method}
                    name={series.method.toUpperCase()}
                    data={series.points}
                    fill={COLOURS[i % COLOURS.length]}
                    isAnimationActive={false}
                  />
                ))}
              </ScatterChart>
            </ResponsiveContainer>
          </div>
        </figure>
      )}
      <div data-testid="failure-summary">
        <h3 className="text-sm font-semibold">Failures by error type</h3>
        {view.failures.length === 0 ? (
          <p className="text-sm text-slate-500">No item has failed.</p>
        ) : (
          <ul className="mt-1 space-y-2 text-sm">
            {view.failures.map((f) => (
              <li key={f.errorType}>
                <span className="font-medium">{f.errorType}</span>: {f.count.toLocaleString('en-US')}
                <ul className="ml-4 list-disc text-xs text-slate-600 dark:text-slate-400">
                  {f.messages.map((m) => (
                    <li key={m.message}>
                      {m.message} ({m.count.toLocaleString('en-US')})
                    </li>
                  ))}
                </ul>
              </li>
            ))}
          </ul>
        )}
      </div>
    </section>
  );
}
