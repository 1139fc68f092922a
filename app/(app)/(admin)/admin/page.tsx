import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePermission } from '@/lib/auth/require-user';
import { getUserPage } from '@/lib/admin/admin-overview';
import { auditFilterSchema, browseAuditLog } from '@/lib/admin/audit-browser';
import { AuditTable } from './_components/audit-table';
import { CreateUserForm } from './_components/create-user-form';
import { DeleteUserButton } from './_components/delete-user-button';
import { RoleSelect } from './_components/role-select';
import { DataTable, rowClassName } from '@/components/ui/data-table';
import { Pager } from '@/components/ui/pager';

export const metadata: Metadata = { title: 'Users' };

const PAGE_SIZE = 50;
const RECENT_AUDIT_ROWS = 25;

export default async function AdminPage({ searchParams }: { searchParams: Promise<{ page?: string }> }) {
  const user = await requirePermission('users.manage');
  const page = Math.max(1, Number((await searchParams).page) || 1);
  const [{ users: rows, total }, audit] = await Promise.all([
    getUserPage(user.claims, page, PAGE_SIZE),
    browseAuditLog(user.claims, auditFilterSchema.parse({}), RECENT_AUDIT_ROWS),
  ]);
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return (
    <section className="space-y-4">
      <h1 className="text-2xl font-semibold tracking-tight">Users</h1>
      <CreateUserForm />
      <DataTable
        testId="user-table"
        wrapperClassName="max-w-5xl overflow-x-auto"
        columns={[{ label: 'Name' }, { label: 'Email' }, { label: 'Joined' }, { label: 'Role' }, { label: 'Actions', hidden: true }]}
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

      <div className="flex items-baseline gap-3 pt-4">
        <h2 className="text-lg font-semibold">Audit log</h2>
        <Link className="text-sm text-indigo-700 underline dark:text-indigo-300" href="/admin/audit">
          Browse and filter the audit log
        </Link>
      </div>
      {audit.rows.length === 0 ? (
        <p className="text-sm text-slate-500">No administrative actions recorded yet.</p>
      ) : (
        <AuditTable rows={audit.rows} testId="audit-log" />
      )}
    </section>
  );
}
