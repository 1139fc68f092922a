'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';
import { useEffect, useId, useRef, useState } from 'react';
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
  { href: '/teams', label: 'Teams', permission: 'teams.use' },
  { href: '/dashboard', label: 'Dashboard', permission: 'dashboard.view' },
  { href: '/admin', label: 'Admin', permission: 'users.manage' },
  { href: '/settings', label: 'Settings' },
];

const linkClassName =
  'rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100 hover:text-slate-900 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 aria-[current=page]:bg-indigo-50 aria-[current=page]:text-indigo-700 dark:text-slate-300 dark:hover:bg-slate-800 dark:aria-[current=page]:bg-indigo-950 dark:aria-[current=page]:text-indigo-300';

/**
 * The main navigation: a row of links from 640 px up; below that a "Menu" button that opens the
 * same links as a full-width list (so a phone never scrolls sideways to reach them). Rendered as
 * siblings inside the header's wrapping flex row: the button ends the logo's row and the open list
 * takes its own line right under it, so what is seen follows the keyboard's order.
 */
export function AppNav({ role }: { role: Role }) {
  const pathname = usePathname();
  const items = NAV_ITEMS.filter((item) => !item.permission || can({ role }, item.permission));
  // The menu is open for the page it was opened on: following a link (a new pathname) closes it.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  const setOpen = (value: boolean | ((was: boolean) => boolean)) =>
    setOpenOn((was) => ((typeof value === 'function' ? value(was === pathname) : value) ? pathname : null));
  const buttonRef = useRef<HTMLButtonElement>(null);
  const menuId = useId();

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return;
      setOpenOn(null);
      buttonRef.current?.focus();
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [open]);

  const links = (mobile: boolean) =>
    items.map((item) => {
      const active = pathname === item.href || pathname.startsWith(`${item.href}/`);
      return (
        <Link key={item.href} href={item.href} aria-current={active ? 'page' : undefined} className={mobile ? `block ${linkClassName}` : linkClassName}>
          {item.label}
        </Link>
      );
    });

  return (
    <>
      <nav aria-label="Main" className="hidden gap-1 sm:flex">
        {links(false)}
      </nav>
      <button
        ref={buttonRef}
        type="button"
        aria-expanded={open}
        aria-controls={menuId}
        onClick={() => setOpen((o) => !o)}
        className="ml-auto inline-flex shrink-0 items-center gap-2 rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium text-slate-800 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 sm:hidden dark:border-slate-700 dark:text-slate-100 dark:hover:bg-slate-800"
      >
        <span aria-hidden="true">{open ? '✕' : '☰'}</span>
        Menu
      </button>
      {open && (
        <nav id={menuId} aria-label="Main" className="w-full border-t border-slate-200 pt-2 sm:hidden dark:border-slate-800">
          <div className="flex flex-col gap-1">{links(true)}</div>
        </nav>
      )}
    </>
  );
}
