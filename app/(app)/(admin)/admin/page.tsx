import type { Metadata } from 'next';
import { requireRole } from '@/lib/auth/require-user';
import { asUser } from '@/lib/db/as-user';
import { CreateUserForm } from './_components/create-user-form';
import { DeleteUserButton } from './_components/delete-user-button';
import { RoleSelect } from './_components/role-select';

export const metadata: Metadata = { title: 'Users' };

const PAGE_SIZE = 50;

export default async function AdminPage({ searchParams }: { searchParams: Promise<{ page?: string }> }) {
  const user = await requireRole('admin');
  const page = Math.max(1, Number((await searchParams).page) || 1);
  const { rows, total } = await asUser(user.claims, async (db) => {
    const list = await db.query<{ id: string; display_name: string | null; email: string | null; role: string; created_at: Date }>(
      'select id, display_name, email, role, created_at from public.profiles order by created_at desc limit $1 offset $2',
      [PAGE_SIZE, (page - 1) * PAGE_SIZE],
    );
    const count = await db.query<{ n: number }>('select count(*)::int as n from public.profiles');
    return { rows: list.rows, total: count.rows[0]?.n ?? 0 };
  });
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  return (
    <section className="space-y-4">
      <h1 className="text-2xl font-semibold tracking-tight">Users</h1>
      <CreateUserForm />
      <table className="w-full max-w-5xl text-sm">
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
      <p className="text-sm text-slate-500">
        Page {page} of {pages} · {total} users
      </p>
    </section>
  );
}
