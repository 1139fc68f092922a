'use client';
// Create (the key is shown once), list by prefix, revoke.
import { useState, useTransition, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { DataTable, rowClassName } from '@/components/ui/data-table';
import { FormMessage } from '@/components/ui/form';
import type { ApiKeySummary } from '@/lib/api-keys/api-keys';
import { API_KEY_EXPIRY_CHOICES } from '@/lib/validation/api-keys';
import { createKey, revokeKey } from '../actions';
import { InputField, SelectField } from './fields';

/** The same text on the server and in every browser (no locale or time-zone dependent formatting). */
function formatWhen(iso: string | null): string {
  return iso ? `${iso.slice(0, 16).replace('T', ' ')} UTC` : '—';
}

export function ApiKeysSection({ initialKeys }: { initialKeys: ApiKeySummary[] }) {
  const [keys, setKeys] = useState(initialKeys);
  const [created, setCreated] = useState<{ name: string; key: string } | null>(null);
  const [copied, setCopied] = useState(false);
  const [confirming, setConfirming] = useState<string | null>(null);
  const [result, setResult] = useState<{ ok: boolean; message: string; fieldErrors?: Record<string, string[]> } | null>(null);
  const [pending, startTransition] = useTransition();

  const onCreate = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const values = Object.fromEntries(new FormData(form).entries());
    startTransition(async () => {
      const res = await createKey(values);
      if (!res.ok) {
        setResult({ ok: false, message: res.message, fieldErrors: res.fieldErrors });
        return;
      }
      const { key, ...summary } = res.data;
      setKeys((list) => [summary, ...list]);
      setCreated({ name: summary.name, key });
      setCopied(false);
      setResult(null);
      form.reset();
    });
  };

  const onRevoke = (id: string) => {
    startTransition(async () => {
      const res = await revokeKey({ id });
      setConfirming(null);
      if (!res.ok) {
        setResult({ ok: false, message: res.message });
        return;
      }
      setKeys((list) => list.map((k) => (k.id === id ? { ...k, status: 'revoked', revokedAt: res.data.revokedAt } : k)));
      setResult({ ok: true, message: 'Key revoked. Requests with it are refused from now on.' });
    });
  };

  return (
    <div className="max-w-4xl space-y-6">
      <p className="text-sm text-slate-600 dark:text-slate-400">
        API keys let scripts read your molecules and results. A key has your rights and no more; revoke it when a script no longer needs it.
      </p>

      <form onSubmit={onCreate} noValidate className="flex flex-wrap items-end gap-4" aria-label="Create an API key">
        <div className="min-w-64 flex-1">
          <InputField label="Key name" name="name" maxLength={100} required errors={result?.fieldErrors?.name} placeholder="e.g. screening notebook" />
        </div>
        <div className="w-40">
          <SelectField label="Expires" name="expiresInDays" defaultValue="" options={API_KEY_EXPIRY_CHOICES} errors={result?.fieldErrors?.expiresInDays} />
        </div>
        <Button type="submit" variant="primary" disabled={pending} aria-busy={pending}>
          Create key
        </Button>
      </form>

      {created ? (
        <div
          role="status"
          data-testid="new-api-key"
          className="space-y-2 rounded-md border border-emerald-300 bg-emerald-50 p-4 text-sm dark:border-emerald-800 dark:bg-emerald-950"
        >
          <p className="font-medium">Key “{created.name}” created. Copy it now: it is shown only once.</p>
          <div className="flex flex-wrap items-center gap-3">
            <code className="break-all rounded bg-white px-2 py-1 font-mono dark:bg-slate-900">{created.key}</code>
            <Button
              onClick={async () => {
                await navigator.clipboard?.writeText(created.key).catch(() => {});
                setCopied(true);
              }}
            >
              {copied ? 'Copied' : 'Copy'}
            </Button>
            <Button onClick={() => setCreated(null)}>Done</Button>
          </div>
        </div>
      ) : null}

      {result ? <FormMessage tone={result.ok ? 'info' : 'error'}>{result.message}</FormMessage> : null}

      {keys.length === 0 ? (
        <p className="text-sm text-slate-500">No API keys yet.</p>
      ) : (
        <DataTable
          caption="Your API keys"
          wrapperClassName="overflow-x-auto"
          columns={[
            { label: 'Name' },
            { label: 'Key' },
            { label: 'Created' },
            { label: 'Last used' },
            { label: 'Expires' },
            { label: 'Status' },
            { label: 'Actions', hidden: true },
          ]}
        >
          {keys.map((k) => (
            <tr key={k.id} data-testid="api-key-row" className={rowClassName()}>
              <td className="px-2 py-2">{k.name}</td>
              <td className="px-2 py-2 font-mono">{k.prefix}_…</td>
              <td className="px-2 py-2 whitespace-nowrap">{formatWhen(k.createdAt)}</td>
              <td className="px-2 py-2 whitespace-nowrap">{formatWhen(k.lastUsedAt)}</td>
              <td className="px-2 py-2 whitespace-nowrap">{k.expiresAt ? formatWhen(k.expiresAt) : 'Never'}</td>
              <td className="px-2 py-2">{k.status}</td>
              <td className="px-2 py-2 text-right whitespace-nowrap">
                {k.status === 'revoked' ? null : confirming === k.id ? (
                  <span className="inline-flex gap-2">
                    <Button variant="danger" disabled={pending} onClick={() => onRevoke(k.id)}>
                      Revoke {k.prefix}
                    </Button>
                    <Button onClick={() => setConfirming(null)}>Cancel</Button>
                  </span>
                ) : (
                  <Button onClick={() => setConfirming(k.id)} aria-label={`Revoke key ${k.name}`}>
                    Revoke
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </div>
  );
}
