// What the admin pages show about accounts: one page of users and users per role, read under the
// admin's RLS (the policies let admins read every profile). The audit log: audit-browser.ts.
import 'server-only';
import { asUser, type JwtClaims } from '../db/as-user.ts';

export interface UserListItem {
  id: string;
  displayName: string | null;
  email: string | null;
  role: string;
  createdAt: Date;
}

export interface UserPage {
  users: UserListItem[];
  total: number;
}

export async function getUserPage(claims: JwtClaims, page: number, pageSize: number): Promise<UserPage> {
  return asUser(claims, async (db) => {
    const list = await db.query<{ id: string; display_name: string | null; email: string | null; role: string; created_at: Date }>(
      'select id, display_name, email, role, created_at from public.profiles order by created_at desc limit $1 offset $2',
      [pageSize, (page - 1) * pageSize],
    );
    const count = await db.query<{ n: number }>('select count(*)::int as n from public.profiles');
    return {
      users: list.rows.map((r) => ({ id: r.id, displayName: r.display_name, email: r.email, role: r.role, createdAt: r.created_at })),
      total: count.rows[0]?.n ?? 0,
    };
  });
}

export interface CountBy {
  label: string;
  count: number;
}

export async function countUsersByRole(claims: JwtClaims): Promise<CountBy[]> {
  return asUser(claims, async (db) => {
    const { rows } = await db.query<CountBy>('select role as label, count(*)::int as count from public.profiles group by role order by role');
    return rows;
  });
}
