'use client';
// The deliveries list of the Webhooks tab: newest first, a numbered page at a time, filtered by
// outcome and event type (both in the address, so links and the back button work). Times are shown
// in the browser's time zone once it is known (UTC in the server's first render). The page refreshes
// itself while a delivery on it is still open.
import { useEffect, useState, useSyncExternalStore, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import Link from 'next/link';
import { Button } from '@/components/ui/button';
import { DataTable, rowClassName } from '@/components/ui/data-table';
import { FormMessage } from '@/components/ui/form';
import { Pager } from '@/components/ui/pager';
import type { DeliveriesView } from '@/lib/validation/webhooks';
import { DELIVERIES_PAGE_SIZE, DELIVERY_OUTCOMES, type DeliveryStatus } from '@/lib/webhooks/delivery-outcomes';
import type { DeliveriesPage } from '@/lib/webhooks/list-deliveries';
import { WEBHOOK_EVENT_TYPES } from '@/lib/webhooks/webhook-events';
import { refreshWebhookDeliveries, sendTestWebhook } from '../actions';

const STATUS_WORDS: Record<DeliveryStatus, string> = {
  pending: 'Waiting',
  retrying: 'Retrying',
  delivered: 'Delivered',
  failed: 'Failed',
  skipped: 'Not sent',
};

const STATUS_TONE: Record<DeliveryStatus, string> = {
  pending: 'text-slate-600 dark:text-slate-300',
  retrying: 'text-amber-700 dark:text-amber-300',
  delivered: 'text-emerald-700 dark:text-emerald-300',
  failed: 'text-red-700 dark:text-red-300',
  skipped: 'text-slate-600 dark:text-slate-300',
};

const REFRESH_MS = 2000;
const COLUMNS = [
  { label: 'Queued' },
  { label: 'Event' },
  { label: 'Status' },
  { label: 'Attempts', numeric: true },
  { label: 'Response' },
  { label: 'Last error' },
  { label: 'Host' },
];
const field = 'mt-1 block rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-950';
const label = 'block text-xs font-medium text-slate-600 dark:text-slate-400';

const subscribeNever = () => () => {};
/** The browser's time zone; UTC while rendering on the server (the same text in both renders). */
function useTimeZone(): string {
  return useSyncExternalStore(
    subscribeNever,
    () => Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC',
    () => 'UTC',
  );
}

function formatWhen(iso: string, timeZone: string): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
    hourCycle: 'h23',
    timeZoneName: 'short',
  }).formatToParts(new Date(iso));
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((p) => p.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')} ${part('hour')}:${part('minute')}:${part('second')} ${part('timeZoneName')}`;
}

function viewHref(view: DeliveriesView, page = view.page): string {
  const q = new URLSearchParams();
  if (view.outcome) q.set('outcome', view.outcome);
  if (view.event) q.set('event', view.event);
  if (page > 1) q.set('page', String(page));
  return q.size ? `/settings?${q}` : '/settings';
}

export function WebhookDeliveries({ view, initial, webhookConfigured }: { view: DeliveriesView; initial: DeliveriesPage; webhookConfigured: boolean }) {
  const router = useRouter();
  const timeZone = useTimeZone();
  const [data, setData] = useState(initial);
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const [pending, startTransition] = useTransition();
  const filtered = Boolean(view.outcome || view.event);

  const open = data.rows.some((d) => d.status === 'pending' || d.status === 'retrying');
  useEffect(() => {
    if (!open) return;
    const timer = setTimeout(() => {
      if (document.visibilityState !== 'visible') return;
      void refreshWebhookDeliveries(view).then((res) => res.ok && setData(res.data));
    }, REFRESH_MS);
    return () => clearTimeout(timer);
  }, [open, data, view]);

  const onTest = () =>
    startTransition(async () => {
      const res = await sendTestWebhook({});
      if (!res.ok) return setResult({ ok: false, message: res.message });
      setData(res.data);
      setResult({ ok: true, message: 'Test event queued: it is sent within a few seconds, its outcome shows below.' });
      // The new delivery is on the first unfiltered page: show that one.
      if (filtered || view.page > 1) router.push('/settings');
    });

  const onRefresh = () =>
    startTransition(async () => {
      const res = await refreshWebhookDeliveries(view);
      if (!res.ok) return setResult({ ok: false, message: res.message });
      setData(res.data);
    });

  const first = (data.page - 1) * DELIVERIES_PAGE_SIZE + 1;
  return (
    <section aria-labelledby="webhook-deliveries-heading" className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <h2 id="webhook-deliveries-heading" className="text-lg font-semibold">
          Deliveries
        </h2>
        <div className="flex gap-2">
          <Button variant="primary" disabled={pending || !webhookConfigured} onClick={onTest}>
            Send test event
          </Button>
          <Button disabled={pending} onClick={onRefresh}>
            Refresh
          </Button>
        </div>
      </div>
      {result ? <FormMessage tone={result.ok ? 'info' : 'error'}>{result.message}</FormMessage> : null}
      <form method="get" action="/settings" className="flex flex-wrap items-end gap-3" aria-label="Delivery filters">
        <label className={label}>
          Outcome
          <select name="outcome" defaultValue={view.outcome ?? ''} className={field}>
            <option value="">Any</option>
            {Object.entries(DELIVERY_OUTCOMES).map(([value, text]) => (
              <option key={value} value={value}>
                {text}
              </option>
            ))}
          </select>
        </label>
        <label className={label}>
          Event
          <select name="event" defaultValue={view.event ?? ''} className={field}>
            <option value="">Any</option>
            {WEBHOOK_EVENT_TYPES.map((type) => (
              <option key={type} value={type}>
                {type}
              </option>
            ))}
          </select>
        </label>
        <Button type="submit">Filter</Button>
        {filtered ? (
          <Link href="/settings" className="text-sm text-indigo-700 underline dark:text-indigo-300">
            Clear
          </Link>
        ) : null}
      </form>
      {data.rows.length === 0 ? (
        <p className="text-sm text-slate-500">{filtered ? 'No deliveries match these filters.' : 'No deliveries yet.'}</p>
      ) : (
        <DataTable
          columns={COLUMNS}
          caption={`Your webhook deliveries, newest first, page ${data.page} of ${data.pages}; times in ${timeZone}`}
          testId="webhook-deliveries"
          wrapperClassName="overflow-x-auto"
        >
          {data.rows.map((d) => (
            <tr key={d.id} data-testid="webhook-delivery-row" className={rowClassName('list', 'align-top')}>
              <td className="px-2 py-2 whitespace-nowrap">
                <time dateTime={d.createdAt}>{formatWhen(d.createdAt, timeZone)}</time>
              </td>
              <td className="px-2 py-2 font-mono">{d.eventType}</td>
              <td className={`px-2 py-2 font-medium ${STATUS_TONE[d.status]}`}>{STATUS_WORDS[d.status]}</td>
              <td className="px-2 py-2 text-right">{d.attempts}</td>
              <td className="px-2 py-2">
                {d.lastStatusCode ? <span className="font-mono">HTTP {d.lastStatusCode}</span> : '—'}
                {d.responseExcerpt ? (
                  <span className="block max-w-xs truncate font-mono text-xs text-slate-500" title={d.responseExcerpt}>
                    {d.responseExcerpt}
                  </span>
                ) : null}
              </td>
              <td className="px-2 py-2 text-xs text-slate-700 dark:text-slate-300">{d.lastError ?? '—'}</td>
              <td className="px-2 py-2 font-mono">{d.urlHost ?? '—'}</td>
            </tr>
          ))}
        </DataTable>
      )}
      <Pager
        label="Delivery pages"
        page={data.page}
        pageCount={data.pages}
        href={(page) => viewHref(view, page)}
        summary={
          data.total === 0
            ? 'No deliveries'
            : `${first}–${first + data.rows.length - 1} of ${data.total} · page ${data.page} of ${data.pages} · times in ${timeZone}`
        }
      />
    </section>
  );
}
