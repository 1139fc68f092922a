import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePermission } from '@/lib/auth/require-user';
import { asUser } from '@/lib/db/as-user';
import { CreateUserForm } from './_components/create-user-form';
import { DeleteUserButton } from './_components/delete-user-button';
import { RoleSelect } from './_components/role-select';

export const metadata: Metadata = { title: 'Users' };

const PAGE_SIZE = 50;

export default async function AdminPage({ searchParams }: { searchParams: Promise<{ page?: string }> }) {
  const user = await requirePermission('users.manage');
  const page = Math.max(1, Number((await searchParams).page) || 1);
  const { rows, total, audit } = await asUser(user.claims, async (db) => {
    const list = await db.query<{ id: string; display_name: string | null; email: string | null; role: string; created_at: Date }>(
      'select id, display_name, email, role, created_at from public.profiles order by created_at desc limit $1 offset $2',
      [PAGE_SIZE, (page - 1) * PAGE_SIZE],
    );
    const count = await db.query<{ n: number }>('select count(*)::int as n from public.profiles');
    const audit = await db.query<{ id: number; created_at: Date; actor: string | null; action: string; entity_id: string | null; status: string; changes: Record<string, unknown> | null; reason: string | null }>(
      `select a.id, a.created_at, coalesce(p.email, p.display_name) as actor, a.action, a.entity_id, a.status, a.changes, a.reason
         from public.user_audit_log a left join public.profiles p on p.id = a.user_id
        order by a.created_at desc, a.id desc limit 25`,
    );
    return { rows: list.rows, total: count.rows[0]?.n ?? 0, audit: audit.rows };
  });
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return (
    <section className="space-y-4">
      <h1 className="text-2xl font-semibold tracking-tight">Users</h1>
      <CreateUserForm />
      <table className="w-full max-w-5xl text-sm" data-testid="user-table">
        <thead>
          <tr className="border-b border-slate-200 text-left text-slate-500 dark:border-slate-800">
            <th className="py-2">Name</th>
            <th className="py-2">E-mail</th>
            <th className="py-2">Joined</th>
            <th className="py-2">Role</th>
            <th className="py-2"><span className="sr-only">Actions</span></th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} className="border-b border-slate-100 dark:border-slate-800">
              <td className="py-2">{row.display_name ?? row.id}</td>
              <td className="py-2">{row.email ?? '—'}</td>
              <td className="py-2 tabular-nums">{row.created_at.toISOString().slice(0, 10)}</td>
              <td className="py-2">
                <RoleSelect userId={row.id} role={row.role} label={row.display_name ?? row.id} />
              </td>
              <td className="py-2 text-right">{row.id !== user.id && <DeleteUserButton userId={row.id} label={row.email ?? row.display_name ?? row.id} />}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <nav aria-label="User pages" className="flex items-center gap-3 text-sm text-slate-500">
        <span>
          Page {page} of {pages} · {total} users
        </span>
        {page > 1 && <Link className="text-indigo-700 underline dark:text-indigo-300" href={`/admin?page=${page - 1}`}>Previous</Link>}
        {page < pages && <Link className="text-indigo-700 underline dark:text-indigo-300" href={`/admin?page=${page + 1}`}>Next</Link>}
      </nav>

      <h2 className="pt-4 text-lg font-semibold">Audit log</h2>
      {audit.length === 0 ? (
        <p className="text-sm text-slate-500">No administrative actions recorded yet.</p>
      ) : (
        <table className="w-full max-w-5xl text-sm" data-testid="audit-log">
          <thead>
            <tr className="border-b border-slate-200 text-left text-slate-500 dark:border-slate-800">
              <th className="py-2">When (UTC)</th>
              <th className="py-2">Who</th>
              <th className="py-2">Action</th>
              <th className="py-2">Target</th>
              <th className="py-2">Outcome</th>
            </tr>
          </thead>
          <tbody>
            {audit.map((entry) => (
              <tr key={entry.id} className="border-b border-slate-100 align-top dark:border-slate-800">
                <td className="py-2 tabular-nums whitespace-nowrap">{entry.created_at.toISOString().slice(0, 19).replace('T', ' ')}</td>
                <td className="py-2">{entry.actor ?? '—'}</td>
                <td className="py-2 font-mono text-xs">{entry.action}</td>
                <td className="py-2 font-mono text-xs">
                  {entry.changes ? JSON.stringify(entry.changes) : (entry.entity_id ?? '—')}
                </td>
                <td className="py-2">
                  {entry.status}
                  {entry.reason ? ` (${entry.reason})` : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
