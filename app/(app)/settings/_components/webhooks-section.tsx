'use client';
// Webhooks: the signing secret (made or rotated here, shown once), "Send test event", and the
// deliveries with their outcome (webhook-deliveries.tsx).
import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form';
import type { DeliveriesView } from '@/lib/validation/webhooks';
import type { DeliveriesPage } from '@/lib/webhooks/list-deliveries';
import { rotateWebhookSecret } from '../actions';
import { WebhookDeliveries } from './webhook-deliveries';

/** The same text on the server and in every browser (no locale or time-zone dependent formatting). */
function formatWhen(iso: string | null): string {
  return iso ? `${iso.slice(0, 19).replace('T', ' ')} UTC` : '—';
}

export function WebhooksSection({
  view,
  initialDeliveries,
  secretCreatedAt: initialSecretCreatedAt,
  webhookConfigured,
  webhookEnabled,
}: {
  view: DeliveriesView;
  initialDeliveries: DeliveriesPage;
  secretCreatedAt: string | null;
  webhookConfigured: boolean;
  webhookEnabled: boolean;
}) {
  const [secretCreatedAt, setSecretCreatedAt] = useState(initialSecretCreatedAt);
  const [shownSecret, setShownSecret] = useState<string | null>(null);
  const [confirmingRotate, setConfirmingRotate] = useState(false);
  const [result, setResult] = useState<{ ok: boolean; message: string } | null>(null);
  const [pending, startTransition] = useTransition();

  const onRotate = () =>
    startTransition(async () => {
      const res = await rotateWebhookSecret({});
      setConfirmingRotate(false);
      if (!res.ok) return setResult({ ok: false, message: res.message });
      setShownSecret(res.data.secret);
      setSecretCreatedAt(res.data.createdAt);
      setResult(null);
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
        {result ? <FormMessage tone={result.ok ? 'info' : 'error'}>{result.message}</FormMessage> : null}
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

      <WebhookDeliveries key={JSON.stringify(view)} view={view} initial={initialDeliveries} webhookConfigured={webhookConfigured} />
    </div>
  );
}
