import type { Metadata } from 'next';
import Link from 'next/link';
import { Pager } from '@/components/ui/pager';
import { requirePermission } from '@/lib/auth/require-user';
import { AuditTable } from '../_components/audit-table';
import { AUDIT_OUTCOMES, auditFilterQuery, auditFilterSchema, browseAuditLog, type AuditFilter } from '@/lib/admin/audit-browser';

export const metadata: Metadata = { title: 'Audit log' };

const field = 'mt-1 block rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-950';
const label = 'block text-xs font-medium text-slate-600 dark:text-slate-400';
const link = 'text-indigo-700 underline dark:text-indigo-300';

export default async function AuditPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requirePermission('audit.view');
  const raw = Object.fromEntries(Object.entries(await searchParams).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const parsed = auditFilterSchema.safeParse(raw);
  const filter: AuditFilter = parsed.success ? parsed.data : auditFilterSchema.parse({});
  const result = await browseAuditLog(user.claims, filter);
  const query = auditFilterQuery(filter);
  const pageHref = (page: number) => {
    const q = new URLSearchParams(query);
    q.set('page', String(page));
    return `/admin/audit?${q}`;
  };
  const value = (name: string) => (typeof raw[name] === 'string' ? raw[name] : '');

  return (
    <section className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-2xl font-semibold tracking-tight">Audit log</h1>
        <Link href="/admin" className={`text-sm ${link}`}>
          Back to users
        </Link>
      </div>
      <p className="max-w-3xl text-sm text-slate-500">
        Administrative actions (an admin’s change to another user’s data names its owner) and refused attempts: a role that may not act, or an id that was
        answered “not found” (missing, or another user’s), in the app and through the REST API (actions “api …”). Every change to a team and every refused one
        is here too (entity “team” or the team’s id, actions “team.…”). Kept for a year. Times are UTC.
      </p>
      <form method="get" action="/admin/audit" className="flex flex-wrap items-end gap-3" aria-label="Audit filters">
        <label className={label}>
          Actor (e-mail, name or id)
          <input name="actor" defaultValue={value('actor')} className={field} />
        </label>
        <label className={label}>
          Action (or its beginning)
          <input name="action" defaultValue={value('action')} className={field} placeholder="user." />
        </label>
        <label className={label}>
          Entity (type or id)
          <input name="entity" defaultValue={value('entity')} className={field} placeholder="team" />
        </label>
        <label className={label}>
          Owner (whose data)
          <input name="owner" defaultValue={value('owner')} className={field} />
        </label>
        <label className={label}>
          Outcome
          <select name="outcome" defaultValue={value('outcome')} className={field}>
            <option value="">Any</option>
            {Object.entries(AUDIT_OUTCOMES).map(([v, l]) => (
              <option key={v} value={v}>
                {l}
              </option>
            ))}
          </select>
        </label>
        <label className={label}>
          From (UTC)
          <input type="datetime-local" name="from" defaultValue={value('from')} className={field} />
        </label>
        <label className={label}>
          To (UTC)
          <input type="datetime-local" name="to" defaultValue={value('to')} className={field} />
        </label>
        <button type="submit" className="rounded-md bg-indigo-600 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-500">
          Filter
        </button>
        <Link href="/admin/audit" className={`text-sm ${link}`}>
          Clear
        </Link>
      </form>
      {!parsed.success ? (
        <p role="alert" className="text-sm text-amber-700 dark:text-amber-400">
          {parsed.error.issues[0]?.message} Showing everything.
        </p>
      ) : null}

      {result.rows.length === 0 ? <p className="text-sm text-slate-500">No audit entries match.</p> : <AuditTable rows={result.rows} testId="audit-browser" />}
      <Pager
        label="Audit pages"
        page={result.page}
        pageCount={result.pages}
        href={pageHref}
        summary={`Page ${result.page} of ${result.pages} · ${result.total} entries`}
      />
    </section>
  );
}
