'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { can, type Permission, type Role } from '@/lib/auth/permissions';

interface NavItem {
  href: string;
  label: string;
  /** Listed only for roles with this permission (the page checks it again and answers 404). */
  permission?: Permission;
}

const NAV_ITEMS: NavItem[] = [
  { href: '/editor', label: 'Editor' },
  { href: '/results', label: 'Results' },
  { href: '/batches', label: 'Batches' },
  { href: '/dashboard', label: 'Dashboard', permission: 'dashboard.view' },
  { href: '/admin', label: 'Admin', permission: 'users.manage' },
  { href: '/settings', label: 'Settings' },
];

export function AppNav({ role }: { role: Role }) {
  const pathname = usePathname();
  const items = NAV_ITEMS.filter((item) => !item.permission || can({ role }, item.permission));
  return (
    <nav aria-label="Main" className="flex gap-1">
      {items.map((item) => {
        const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
        return (
          <Link
            key={item.href}
            href={item.href}
            aria-current={active ? 'page' : undefined}
            className="rounded-md px-3 py-2 text-sm font-medium text-slate-600 hover:bg-slate-100 hover:text-slate-900 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 aria-[current=page]:bg-indigo-50 aria-[current=page]:text-indigo-700 dark:text-slate-300 dark:hover:bg-slate-800 dark:aria-[current=page]:bg-indigo-950 dark:aria-[current=page]:text-indigo-300"
          >
            {item.label}
          </Link>
        );
      })}
    </nav>
  );
}
