import Link from 'next/link';
import type { ReactNode } from 'react';

// The "Previous / Next" navigation under a paged list: a labelled nav, a line saying where the
// reader is, optional controls (page sizes), and the two links, shown disabled at either end so
// the controls do not jump.

const LINK =
  'rounded-md border border-slate-300 px-3 py-1.5 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 dark:border-slate-700 dark:hover:bg-slate-800';

/** The pager's link look, for extra controls beside Previous and Next. */
export const pagerLinkClassName = LINK;

export function Pager({
  label,
  page,
  pageCount,
  href,
  summary,
  children,
}: {
  /** The nav's accessible name ("Pagination", "User pages" …). */
  label: string;
  page: number;
  pageCount: number;
  /** The address of a page. */
  href: (page: number) => string;
  summary: ReactNode;
  children?: ReactNode;
}) {
  return (
    <nav aria-label={label} className="flex flex-wrap items-center justify-between gap-2 text-sm">
      <p className="text-slate-600 dark:text-slate-400">{summary}</p>
      <div className="flex flex-wrap items-center gap-2">
        {children}
        <PageLink to={page > 1 ? href(page - 1) : null} rel="prev">
          Previous
        </PageLink>
        <PageLink to={page < pageCount ? href(page + 1) : null} rel="next">
          Next
        </PageLink>
      </div>
    </nav>
  );
}

function PageLink({ to, rel, children }: { to: string | null; rel: 'prev' | 'next'; children: ReactNode }) {
  return to ? (
    <Link href={to} className={LINK} rel={rel}>
      {children}
    </Link>
  ) : (
    <span className={`${LINK} opacity-40`} aria-disabled="true">
      {children}
    </span>
  );
}
