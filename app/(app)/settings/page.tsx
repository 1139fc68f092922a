import type { Metadata } from 'next';
import { Button } from '@/components/ui/button';
import { requireUser } from '@/lib/auth/require-user';
import { listApiKeys } from '@/lib/api-keys/api-keys';
import { getPreferences } from '@/lib/preferences/get-preferences';
import { deliveriesViewSchema } from '@/lib/validation/webhooks';
import { listDeliveries } from '@/lib/webhooks/list-deliveries';
import { signingSecretCreatedAt } from '@/lib/webhooks/signing-secret';
import { signOut } from '../../(auth)/actions';
import { ApiKeysSection } from './_components/api-keys-section';
import { PreferencesForm } from './_components/preferences-form';
import { SettingsTabs } from './_components/settings-tabs';
import { WebhooksSection } from './_components/webhooks-section';

export const metadata: Metadata = { title: 'Settings' };

export default async function SettingsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  // The Webhooks tab's deliveries list: its filters and page live in the address (links, back button).
  const raw = await searchParams;
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v);
  const view = deliveriesViewSchema.parse({ outcome: first(raw.outcome), event: first(raw.event), page: first(raw.page) });
  const [preferences, keys, deliveries, secretCreatedAt] = await Promise.all([
    getPreferences(),
    listApiKeys(user.claims),
    listDeliveries(user.claims, view),
    signingSecretCreatedAt(user.claims),
  ]);
  return (
    <section className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Settings</h1>
      <div className="flex flex-wrap items-start justify-between gap-4">
        {/* minmax(0, 1fr) and wrap-anywhere: a long e-mail address wraps on a 320 px phone instead of being cut off. */}
        <dl className="grid max-w-md grid-cols-[auto_minmax(0,1fr)] gap-x-6 gap-y-2 text-sm">
          <dt className="text-slate-500">Name</dt>
          <dd className="wrap-anywhere">{user.displayName}</dd>
          <dt className="text-slate-500">Email</dt>
          <dd className="wrap-anywhere">{user.email}</dd>
          <dt className="text-slate-500">Role</dt>
          <dd>{user.role}</dd>
        </dl>
        <form action={signOut}>
          <input type="hidden" name="scope" value="global" />
          <Button type="submit">Sign out on all devices</Button>
        </form>
      </div>
      <SettingsTabs
        tabs={[
          { id: 'preferences', label: 'Preferences', content: <PreferencesForm initial={preferences} /> },
          { id: 'api-keys', label: 'API keys', content: <ApiKeysSection initialKeys={keys} /> },
          {
            id: 'webhooks',
            label: 'Webhooks',
            content: (
              <WebhooksSection
                view={view}
                initialDeliveries={deliveries}
                secretCreatedAt={secretCreatedAt}
                webhookConfigured={preferences.notifications.webhookConfigured}
                webhookEnabled={preferences.notifications.webhookEnabled}
              />
            ),
          },
        ]}
      />
    </section>
  );
}
