import type { Metadata } from 'next';
import { requireUser } from '@/lib/auth/require-user';
import { signOut } from '../../(auth)/actions';

export const metadata: Metadata = { title: 'Settings' };

export default async function SettingsPage() {
  const user = await requireUser();
  return (
    <section className="space-y-6">
      <h1 className="text-2xl font-semibold tracking-tight">Settings</h1>
      <dl className="grid max-w-md grid-cols-[8rem_1fr] gap-y-2 text-sm">
        <dt className="text-slate-500">Name</dt>
        <dd>{user.displayName}</dd>
        <dt className="text-slate-500">E-mail</dt>
        <dd>{user.email}</dd>
        <dt className="text-slate-500">Role</dt>
        <dd>{user.role}</dd>
      </dl>
      <form action={signOut}>
        <input type="hidden" name="scope" value="global" />
        <button type="submit" className="rounded-md border border-slate-300 px-3 py-1.5 text-sm hover:bg-slate-100 dark:border-slate-700 dark:hover:bg-slate-800">
          Sign out on all devices
        </button>
      </form>
      <p className="text-sm text-slate-500">Units, theme, calculation defaults and API keys: coming next.</p>
    </section>
  );
}
