import type { Metadata } from 'next';
import Link from 'next/link';
import { DataTable, rowClassName } from '@/components/ui/data-table';
import { can } from '@/lib/auth/permissions';
import { requirePermission } from '@/lib/auth/require-user';
import { listMyInvitations, listMyTeams } from '@/lib/teams/teams';
import { TEAM_ROLE_LABELS } from '@/lib/validation/teams';
import { acceptInvitationAction, declineInvitationAction } from './actions';
import { ActionButton } from './_components/action-button';
import { CreateTeamForm } from './_components/team-forms';

export const metadata: Metadata = { title: 'Teams' };

const TEAM_COLUMNS = [{ label: 'Team' }, { label: 'Your role' }, { label: 'Members', numeric: true }];

export default async function TeamsPage() {
  const user = await requirePermission('teams.use');
  const [teams, invitations] = await Promise.all([listMyTeams(user.claims), listMyInvitations(user.claims)]);
  return (
    <div className="max-w-4xl space-y-8">
      <div>
        <h1 className="text-2xl font-semibold tracking-tight">Teams</h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          Share molecules, calculations and batches with a team: its members can open them (read only); only you change, cancel or delete what is yours.
        </p>
      </div>

      {invitations.length > 0 && (
        <section aria-labelledby="invitations-heading" className="space-y-2">
          <h2 id="invitations-heading" className="text-lg font-semibold">
            Invitations for you
          </h2>
          <ul className="divide-y divide-slate-200 rounded-md border border-slate-200 dark:divide-slate-800 dark:border-slate-800" data-testid="invitations">
            {invitations.map((i) => (
              <li key={i.membershipId} className="flex flex-wrap items-center gap-3 px-3 py-2" data-testid="invitation">
                <span className="flex-1 text-sm">
                  <strong>
                    <bdi>{i.teamName}</bdi>
                  </strong>{' '}
                  invites you as {TEAM_ROLE_LABELS[i.role].toLowerCase()}
                  {i.invitedBy && (
                    <>
                      {' '}
                      (from <bdi>{i.invitedBy}</bdi>)
                    </>
                  )}
                </span>
                <ActionButton action={acceptInvitationAction} input={{ membershipId: i.membershipId }} label="Accept" variant="primary" />
                <ActionButton action={declineInvitationAction} input={{ membershipId: i.membershipId }} label="Decline" />
              </li>
            ))}
          </ul>
        </section>
      )}

      <section aria-labelledby="teams-heading" className="space-y-2">
        <h2 id="teams-heading" className="text-lg font-semibold">
          Your teams
        </h2>
        {teams.length === 0 ? (
          <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="no-teams">
            You are not in any team yet.
          </p>
        ) : (
          <DataTable testId="team-list" columns={TEAM_COLUMNS}>
            {teams.map((t) => (
              <tr key={t.id} className={rowClassName()} data-testid="team-row">
                <td className="px-2 py-2">
                  <Link href={`/teams/${t.id}`} className="font-medium text-indigo-700 hover:underline dark:text-indigo-400">
                    <bdi>{t.name}</bdi>
                  </Link>
                </td>
                <td className="px-2 py-2">{TEAM_ROLE_LABELS[t.role]}</td>
                <td className="px-2 py-2 text-right tabular-nums">{t.memberCount}</td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>

      {can(user, 'teams.create') && (
        <section aria-labelledby="create-heading" className="space-y-2">
          <h2 id="create-heading" className="text-lg font-semibold">
            New team
          </h2>
          <CreateTeamForm />
        </section>
      )}
    </div>
  );
}
