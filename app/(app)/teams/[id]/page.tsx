import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { DataTable, rowClassName } from '@/components/ui/data-table';
import { requirePermission } from '@/lib/auth/require-user';
import { getTeam } from '@/lib/teams/teams';
import { TEAM_ROLE_LABELS, TEAM_ROLES } from '@/lib/validation/teams';
import { deleteTeamAction, leaveTeamAction, removeMemberAction, withdrawInvitationAction } from '../actions';
import { ActionButton } from '../_components/action-button';
import { InviteForm, RoleSelect } from '../_components/team-forms';

export const metadata: Metadata = { title: 'Team' };

const MEMBER_COLUMNS = [{ label: 'Name' }, { label: 'Role' }, { label: 'Actions', hidden: true }];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export default async function TeamPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  const user = await requirePermission('teams.use');
  // Members only (and global admins): an invitee sees the team on their Teams page, not its roster.
  const team = await getTeam(user.claims, id);
  if (!team) notFound();

  // What the page offers; the database checks each change again (only owners touch owners, the last owner stays).
  const globalAdmin = user.role === 'admin';
  const isOwner = team.myRole === 'owner' || globalAdmin;
  const canManage = isOwner || team.myRole === 'admin';
  const assignable = isOwner ? TEAM_ROLES : TEAM_ROLES.filter((r) => r !== 'owner');
  const owners = team.members.filter((m) => m.role === 'owner').length;
  const lastOwner = team.myRole === 'owner' && owners === 1;

  return (
    <div className="max-w-4xl space-y-8">
      <div>
        <Link href="/teams" className="text-sm text-indigo-700 hover:underline dark:text-indigo-300">
          ← Teams
        </Link>
        <h1 className="mt-1 text-2xl font-semibold tracking-tight" data-testid="team-name">
          <bdi>{team.name}</bdi>
        </h1>
        <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">
          {team.myRole ? `Your role: ${TEAM_ROLE_LABELS[team.myRole].toLowerCase()}.` : 'You are not in this team (global admin view).'} Members read what is
          shared with the team; owners and admins invite, change roles and remove members; only an owner changes or removes an owner.
        </p>
      </div>

      <section aria-labelledby="members-heading" className="space-y-2">
        <h2 id="members-heading" className="text-lg font-semibold">
          Members
        </h2>
        <DataTable testId="member-list" columns={MEMBER_COLUMNS}>
          {team.members.map((m) => {
            const manageable = canManage && !m.isMe && (m.role !== 'owner' || isOwner);
            return (
              <tr key={m.membershipId} className={rowClassName()} data-testid="member-row">
                <td className="px-2 py-2">
                  <bdi>{m.name}</bdi>
                  {m.isMe && <span className="ml-1 text-slate-500">(you)</span>}
                  {m.email && m.email !== m.name && <div className="text-xs text-slate-500">{m.email}</div>}
                </td>
                <td className="px-2 py-2">
                  {manageable ? (
                    <RoleSelect membershipId={m.membershipId} name={m.name} role={m.role} roles={assignable} />
                  ) : (
                    <span data-testid="member-role">{TEAM_ROLE_LABELS[m.role]}</span>
                  )}
                </td>
                <td className="px-2 py-2 text-right">
                  {manageable && (
                    <ActionButton
                      action={removeMemberAction}
                      input={{ membershipId: m.membershipId }}
                      label="Remove"
                      variant="danger"
                      confirm={`Remove ${m.name} from the team? What they shared with it is unshared.`}
                    />
                  )}
                  {m.isMe &&
                    (lastOwner ? (
                      <span className="text-xs text-slate-500">The last owner cannot leave: make another member owner first.</span>
                    ) : (
                      <ActionButton
                        action={leaveTeamAction}
                        input={{ teamId: team.id }}
                        label="Leave team"
                        variant="danger"
                        confirm="Leave the team? What you shared with it is unshared."
                        then="/teams"
                      />
                    ))}
                </td>
              </tr>
            );
          })}
        </DataTable>
      </section>

      {canManage && (
        <section aria-labelledby="invite-heading" className="space-y-3">
          <h2 id="invite-heading" className="text-lg font-semibold">
            Invite someone
          </h2>
          <InviteForm teamId={team.id} roles={assignable} />
          {team.invitations.length > 0 && (
            <div className="space-y-1">
              <h3 className="text-sm font-semibold">Waiting for an answer</h3>
              <ul
                className="divide-y divide-slate-200 rounded-md border border-slate-200 dark:divide-slate-800 dark:border-slate-800"
                data-testid="pending-invitations"
              >
                {team.invitations.map((i) => (
                  <li key={i.membershipId} className="flex flex-wrap items-center gap-3 px-3 py-2 text-sm" data-testid="pending-invitation">
                    <span className="flex-1">
                      {i.email} as {TEAM_ROLE_LABELS[i.role].toLowerCase()}
                    </span>
                    <ActionButton action={withdrawInvitationAction} input={{ membershipId: i.membershipId }} label="Withdraw" />
                  </li>
                ))}
              </ul>
            </div>
          )}
        </section>
      )}

      {isOwner && (
        <section aria-labelledby="delete-heading" className="space-y-2">
          <h2 id="delete-heading" className="text-lg font-semibold">
            Delete the team
          </h2>
          <p className="text-sm text-slate-600 dark:text-slate-400">
            Its memberships and open invitations go with it; what was shared with it becomes private to its owner again.
          </p>
          <ActionButton
            action={deleteTeamAction}
            input={{ teamId: team.id }}
            label="Delete team"
            variant="danger"
            confirm={`Delete the team ${team.name}? This cannot be undone.`}
            then="/teams"
          />
        </section>
      )}
    </div>
  );
}
