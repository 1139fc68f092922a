import type { Metadata } from 'next';
import { requirePermission } from '@/lib/auth/require-user';
import { countUsersByRole } from '@/lib/admin/admin-overview';
import { countCalculationsByStatus } from '@/lib/calculations/calculation-counts';

export const metadata: Metadata = { title: 'Dashboard' };

export default async function DashboardPage() {
  const user = await requirePermission('dashboard.view');
  const [users, statuses] = await Promise.all([countUsersByRole(user.claims), countCalculationsByStatus(user.claims)]);
  return (
    <section className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Dashboard</h1>
      <div className="grid gap-4 sm:grid-cols-2">
        <Card title="Users by role" rows={users.map((u) => [u.label, u.count])} />
        <Card title="Calculations by status" rows={statuses.map((s) => [s.status, s.count])} empty="No calculations yet." />
      </div>
      <p className="text-sm text-slate-500">Queue depth, live workers and the installed xtb are reported by /api/health; throughput and failure charts are not built yet.</p>
    </section>
  );
}

function Card({ title, rows, empty }: { title: string; rows: [string, number][]; empty?: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900">
      <h2 className="mb-2 font-medium">{title}</h2>
      {rows.length === 0 ? (
        <p className="text-sm text-slate-500">{empty}</p>
      ) : (
        <table className="w-full text-sm">
          <tbody>
            {rows.map(([label, value]) => (
              <tr key={label}>
                <th scope="row" className="py-1 text-left font-normal">{label}</th>
                <td className="py-1 text-right tabular-nums">{value}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
