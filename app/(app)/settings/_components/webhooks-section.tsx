'use client';
// Webhooks: the signing secret (made or rotated here, shown once), "Send test event", and the most
// recent deliveries with their outcome. The list refreshes itself while a delivery is still open.
import { useEffect, useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form';
import type { WebhookDeliverySummary } from '@/lib/webhooks/list-deliveries';
import { refreshWebhookDeliveries, rotateWebhookSecret, sendTestWebhook } from '../actions';

const STATUS_WORDS: Record<WebhookDeliverySummary['status'], string> = {
  pending: 'Waiting',
  retrying: 'Retrying',
  delivered: 'Delivered',
  failed: 'Failed',
  skipped: 'Not sent',
};

const STATUS_TONE: Record<WebhookDeliverySummary['status'], string> = {
  pending: 'text-slate-600 dark:text-slate-300',
  retrying: 'text-amber-700 dark:text-amber-300',
  delivered: 'text-emerald-700 dark:text-emerald-300',
  failed: 'text-red-700 dark:text-red-300',
  skipped: 'text-slate-600 dark:text-slate-300',
};

const REFRESH_MS = 2000;
const COLUMNS = ['Queued', 'Event', 'Status', 'Attempts', 'Last answer', 'Host'];

/** The same text on the server and in every browser (no locale or time-zone dependent formatting). */
function formatWhen(iso: string | null): string {
  return iso ? `${iso.slice(0, 19).replace('T', ' ')} UTC` : '—';
}

export function WebhooksSection({
  initialDeliveries,
  secretCreatedAt: initialSecretCreatedAt,
  webhookConfigured,
  webhookEnabled,
}: {
  initialDeliveries: WebhookDeliverySummary[];
  secretCreatedAt: string | null;
  webhookConfigured: boolean;
  webhookEnabled: boolean;
}) {
  const [deliveries, setDeliveries] = useState(initialDeliveries);
  const [secretCreatedAt, setSecretCreatedAt] = useState(initialSecretCreatedAt);
  const [shownSecret, setShownSecret] = useState<string | null>(null);
  const [confirmingRotate, setConfirmingRotate] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const [pending, startTransition] = useTransition();

  const open = deliveries.some((d) => d.status === 'pending' || d.status === 'retrying');
  useEffect(() => {
    if (!open) return;
    const timer = setTimeout(() => {
      if (document.visibilityState !== 'visible') return;
      void refreshWebhookDeliveries({}).then((res) => res.ok && setDeliveries(res.data));
    }, REFRESH_MS);
    return () => clearTimeout(timer);
  }, [open, deliveries]);

  const onRotate = () =>
    startTransition(async () => {
      const res = await rotateWebhookSecret({});
      setConfirmingRotate(false);
      if (!res.ok) return setResult({ ok: false, message: res.message });
      setShownSecret(res.data.secret);
      setSecretCreatedAt(res.data.createdAt);
      setResult(null);
    });

  const onTest = () =>
    startTransition(async () => {
      const res = await sendTestWebhook({});
      if (!res.ok) return setResult({ ok: false, message: res.message });
      setDeliveries(res.data);
      setResult({ ok: true, message: 'Test event queued: it is sent within a few seconds, its outcome shows below.' });
    });

  const onRefresh = () =>
    startTransition(async () => {
      const res = await refreshWebhookDeliveries({});
      if (!res.ok) return setResult({ ok: false, message: res.message });
      setDeliveries(res.data);
    });

  return (
    <div className="max-w-5xl space-y-8">
      <p className="text-sm text-slate-600 dark:text-slate-400">
        When a calculation or batch of yours finishes, Quantum Forge POSTs a signed JSON event to your webhook URL (set it, and switch webhooks on, under{' '}
        <strong>Preferences → Notifications</strong>). Calculations in a batch are reported once, by the batch&apos;s event. Slack incoming-webhook URLs get a
        Slack message.{' '}
        <span data-testid="webhook-url-status">
          {webhookConfigured
            ? webhookEnabled
              ? 'Your webhook URL is set and webhooks are on.'
              : 'Your webhook URL is set; webhooks are switched off.'
            : 'No webhook URL is set yet.'}
        </span>
      </p>

      <section aria-labelledby="webhook-secret-heading" className="space-y-3">
        <h2 id="webhook-secret-heading" className="text-lg font-semibold">
          Signing secret
        </h2>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          Every request carries <code className="font-mono">Quantum-Forge-Signature: t=…,v1=…</code>, an HMAC-SHA256 of the timestamp, a dot and the body with
          this secret. It is shown once; rotating makes a new one and the old one stops working at once.{' '}
          {secretCreatedAt ? `Current secret made ${formatWhen(secretCreatedAt)}.` : 'No secret yet: the first delivery makes one, or create it now to see it.'}
        </p>
        <div className="flex flex-wrap items-center gap-3">
          {secretCreatedAt && confirmingRotate ? (
            <>
              <Button variant="danger" disabled={pending} onClick={onRotate}>
                Rotate now
              </Button>
              <Button onClick={() => setConfirmingRotate(false)}>Cancel</Button>
            </>
          ) : (
            <Button disabled={pending} onClick={() => (secretCreatedAt ? setConfirmingRotate(true) : onRotate())}>
              {secretCreatedAt ? 'Rotate secret' : 'Create signing secret'}
            </Button>
          )}
        </div>
        {shownSecret ? (
          <div role="status" className="space-y-2 rounded-md border border-emerald-300 bg-emerald-50 p-4 text-sm dark:border-emerald-800 dark:bg-emerald-950">
            <p className="font-medium">Copy the signing secret now: it is shown only once.</p>
            <div className="flex flex-wrap items-center gap-3">
              <code data-testid="webhook-secret" className="break-all rounded bg-white px-2 py-1 font-mono dark:bg-slate-900">
                {shownSecret}
              </code>
              <Button onClick={() => void navigator.clipboard?.writeText(shownSecret).catch(() => {})}>Copy</Button>
              <Button onClick={() => setShownSecret(null)}>Done</Button>
            </div>
          </div>
        ) : null}
      </section>

      <section aria-labelledby="webhook-deliveries-heading" className="space-y-3">
        <div className="flex flex-wrap items-center justify-between gap-3">
          <h2 id="webhook-deliveries-heading" className="text-lg font-semibold">
            Recent deliveries
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
        {deliveries.length === 0 ? (
          <p className="text-sm text-slate-500">No deliveries yet.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="min-w-full text-left text-sm">
              <caption className="sr-only">Your 20 most recent webhook deliveries</caption>
              <thead className="border-b border-slate-200 text-xs uppercase text-slate-500 dark:border-slate-800">
                <tr>
                  {COLUMNS.map((name) => (
                    <th key={name} scope="col" className="py-2 pr-4">
                      {name}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {deliveries.map((d) => (
                  <tr key={d.id} data-testid="webhook-delivery-row" className="border-b border-slate-100 align-top dark:border-slate-800/60">
                    <td className="py-2 pr-4 whitespace-nowrap">{formatWhen(d.createdAt)}</td>
                    <td className="py-2 pr-4 font-mono">{d.eventType}</td>
                    <td className={`py-2 pr-4 font-medium ${STATUS_TONE[d.status]}`}>{STATUS_WORDS[d.status]}</td>
                    <td className="py-2 pr-4">{d.attempts}</td>
                    <td className="py-2 pr-4">
                      {d.lastStatusCode ? <span className="font-mono">HTTP {d.lastStatusCode}</span> : null}
                      {d.lastError ? <span className="block text-xs text-slate-600 dark:text-slate-400">{d.lastError}</span> : null}
                      {d.responseExcerpt ? (
                        <span className="block max-w-md truncate font-mono text-xs text-slate-500" title={d.responseExcerpt}>
                          {d.responseExcerpt}
                        </span>
                      ) : null}
                      {!d.lastStatusCode && !d.lastError ? '—' : null}
                    </td>
                    <td className="py-2 font-mono">{d.urlHost ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}
