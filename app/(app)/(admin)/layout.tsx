import type { ReactNode } from 'react';
import { notFound } from 'next/navigation';
import { can } from '@/lib/auth/permissions';
import { requireUser } from '@/lib/auth/require-user';
import { recordDenied } from '@/lib/admin/audit-log';

// Checked here, above every loading boundary of these pages, so that others get a real 404 status
// before anything streams. Each page (requirePermission) and action (authedAction) checks its own
// permission again next to its data.
export default async function AdminLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  if (!can(user, 'dashboard.view') && !can(user, 'users.manage')) {
    await recordDenied({ userId: user.id, action: 'admin.open', entityType: 'page', entityId: null, reason: `role ${user.role} may not` });
    notFound();
  }
  return children;
}
