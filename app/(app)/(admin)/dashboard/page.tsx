import type { Metadata } from 'next';
import { requirePermission } from '@/lib/auth/require-user';
import { countUsersByRole } from '@/lib/admin/admin-overview';
import { loadAllPanels } from '@/lib/dashboard/panels';
import { DEFAULT_RANGE, parseRangeParams, rangeQuery, resolveRange, type RangeParams } from '@/lib/dashboard/range';
import { QueryProvider } from '@/components/query-provider';
import { DashboardPanels } from './_components/dashboard-panels';
import { RangePicker } from './_components/range-picker';
import { RememberDashboardRange } from './_components/remember-range';

export const metadata: Metadata = { title: 'Dashboard' };

export default async function DashboardPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission('dashboard.view');
  const raw = await searchParams;
  const parsed = parseRangeParams((name) => {
    const v = raw[name];
    return Array.isArray(v) ? v[0] : v;
  });
  const params: RangeParams = parsed.ok ? parsed.params : { kind: 'preset', preset: DEFAULT_RANGE };
  const span = resolveRange(params);
  const [users, panels] = await Promise.all([countUsersByRole(user.claims), loadAllPanels(user, span)]);
  const hasParams = ['range', 'from', 'to'].some((name) => raw[name] !== undefined);
  const custom = params.kind === 'custom' ? { from: params.from.toISOString(), to: params.to.toISOString() } : null;
  return (
    <section className="space-y-6">
      <div className="flex flex-wrap items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Dashboard</h1>
          <p className="text-sm text-slate-500">
            Users by role: {users.map((u) => `${u.count} ${u.label}${u.count === 1 ? '' : 's'}`).join(', ') || 'none yet'}
          </p>
        </div>
        <RangePicker preset={params.kind === 'preset' ? params.preset : null} custom={custom} />
      </div>
      <RememberDashboardRange rangeQuery={parsed.ok ? rangeQuery(params) : null} hasParams={hasParams} />
      {!parsed.ok ? (
        <p role="alert" className="text-sm text-amber-700 dark:text-amber-400">
          {parsed.message} Showing the last 24 hours.
        </p>
      ) : null}
      <QueryProvider>
        <DashboardPanels rangeQuery={rangeQuery(params)} initial={JSON.parse(JSON.stringify(panels))} />
      </QueryProvider>
    </section>
  );
}
