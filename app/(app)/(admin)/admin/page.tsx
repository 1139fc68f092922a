import type { Metadata } from 'next';
import { requirePermission } from '@/lib/auth/require-user';
import { getUserPage } from '@/lib/admin/admin-overview';
import { CreateUserForm } from './_components/create-user-form';
import { DeleteUserButton } from './_components/delete-user-button';
import { RoleSelect } from './_components/role-select';
import { DataTable, rowClassName } from '@/components/ui/data-table';
import { Pager } from '@/components/ui/pager';

export const metadata: Metadata = { title: 'Users' };

const PAGE_SIZE = 50;

export default async function AdminPage({ searchParams }: { searchParams: Promise<{ page?: string }> }) {
  const user = await requirePermission('users.manage');
  const page = Math.max(1, Number((await searchParams).page) || 1);
  const { users: rows, total, audit } = await getUserPage(user.claims, page, PAGE_SIZE);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return (
    <section className="space-y-4">
      <h1 className="text-2xl font-semibold tracking-tight">Users</h1>
      <CreateUserForm />
      <DataTable
        testId="user-table"
        wrapperClassName="max-w-5xl overflow-x-auto"
        columns={[{ label: 'Name' }, { label: 'E-mail' }, { label: 'Joined' }, { label: 'Role' }, { label: 'Actions', hidden: true }]}
      >
        {rows.map((row) => (
          <tr key={row.id} className={rowClassName()}>
            <td className="px-2 py-2">{row.displayName ?? row.id}</td>
            <td className="px-2 py-2">{row.email ?? '—'}</td>
            <td className="px-2 py-2 tabular-nums">{row.createdAt.toISOString().slice(0, 10)}</td>
            <td className="px-2 py-2">
              <RoleSelect userId={row.id} role={row.role} label={row.displayName ?? row.id} />
            </td>
            <td className="px-2 py-2 text-right">
              {row.id !== user.id && <DeleteUserButton userId={row.id} label={row.email ?? row.displayName ?? row.id} />}
            </td>
          </tr>
        ))}
      </DataTable>
      <Pager label="User pages" page={page} pageCount={pages} href={(p) => `/admin?page=${p}`} summary={`Page ${page} of ${pages} · ${total} users`} />

      <h2 className="pt-4 text-lg font-semibold">Audit log</h2>
      {audit.length === 0 ? (
        <p className="text-sm text-slate-500">No administrative actions recorded yet.</p>
      ) : (
        <DataTable
          testId="audit-log"
          wrapperClassName="max-w-5xl overflow-x-auto"
          columns={[{ label: 'When (UTC)' }, { label: 'Who' }, { label: 'Action' }, { label: 'Target' }, { label: 'Outcome' }]}
        >
          {audit.map((entry) => (
            <tr key={entry.id} className={rowClassName('list', 'align-top')}>
              <td className="px-2 py-2 tabular-nums whitespace-nowrap">{entry.createdAt.toISOString().slice(0, 19).replace('T', ' ')}</td>
              <td className="px-2 py-2">{entry.actor ?? '—'}</td>
              <td className="px-2 py-2 font-mono text-xs">{entry.action}</td>
              <td className="px-2 py-2 font-mono text-xs">{entry.changes ? JSON.stringify(entry.changes) : (entry.entityId ?? '—')}</td>
              <td className="px-2 py-2">
                {entry.status}
                {entry.reason ? ` (${entry.reason})` : ''}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
