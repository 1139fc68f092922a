import type { ReactNode } from 'react';
import { requireRole } from '@/lib/auth/require-user';

// Checked here, above every loading boundary of these pages, so that others get a real 404 status
// before anything streams. Each page and action checks again next to its data.
export default async function AdminLayout({ children }: { children: ReactNode }) {
  await requireRole('admin');
  return children;
}
