'use server';

// Teams and sharing. authedAction checks the application permission; what a team role allows
// (invite, change roles, remove) and what the item's owner alone may do (share) is decided by the
// database under the user's row-level security, and lib/teams turns its refusals into words.
import { revalidatePath } from 'next/cache';
import { authedAction, type ActionResult } from '@/lib/actions/safe-action';
import { shareItem } from '@/lib/teams/sharing';
import {
  acceptInvitation,
  changeMemberRole,
  createTeam,
  declineInvitation,
  deleteTeam,
  inviteMember,
  leaveTeam,
  removeMember,
  withdrawInvitation,
} from '@/lib/teams/teams';
import { changeRoleSchema, createTeamSchema, inviteSchema, membershipSchema, shareSchema, teamIdSchema } from '@/lib/validation/teams';

function refreshTeams(teamId?: string) {
  revalidatePath('/teams');
  if (teamId) revalidatePath(`/teams/${teamId}`);
}

const create = authedAction({ schema: createTeamSchema, permission: 'teams.create' }, async (input, user) => {
  const team = await createTeam(user.claims, input);
  refreshTeams();
  return team;
});
export async function createTeamAction(input: unknown): Promise<ActionResult<{ id: string }>> {
  return create(input);
}

const invite = authedAction({ schema: inviteSchema, permission: 'teams.use' }, async (input, user) => {
  const made = await inviteMember(user.claims, input);
  refreshTeams(input.teamId);
  return made;
});
export async function inviteMemberAction(input: unknown): Promise<ActionResult<{ membershipId: string }>> {
  return invite(input);
}

const membershipAction = (work: typeof acceptInvitation) =>
  authedAction({ schema: membershipSchema, permission: 'teams.use' }, async ({ membershipId }, user) => {
    await work(user.claims, membershipId);
    refreshTeams();
    return { membershipId };
  });

const accept = membershipAction(acceptInvitation);
const decline = membershipAction(declineInvitation);
const withdraw = membershipAction(withdrawInvitation);
const remove = membershipAction(removeMember);

export async function acceptInvitationAction(input: unknown): Promise<ActionResult<{ membershipId: string }>> {
  return accept(input);
}
export async function declineInvitationAction(input: unknown): Promise<ActionResult<{ membershipId: string }>> {
  return decline(input);
}
export async function withdrawInvitationAction(input: unknown): Promise<ActionResult<{ membershipId: string }>> {
  return withdraw(input);
}
export async function removeMemberAction(input: unknown): Promise<ActionResult<{ membershipId: string }>> {
  return remove(input);
}

const changeRole = authedAction({ schema: changeRoleSchema, permission: 'teams.use' }, async ({ membershipId, role }, user) => {
  await changeMemberRole(user.claims, membershipId, role);
  refreshTeams();
  return { membershipId, role };
});
export async function changeRoleAction(input: unknown): Promise<ActionResult<{ membershipId: string; role: string }>> {
  return changeRole(input);
}

const leave = authedAction({ schema: teamIdSchema, permission: 'teams.use' }, async ({ teamId }, user) => {
  await leaveTeam(user.claims, teamId);
  refreshTeams(teamId);
  return { teamId };
});
export async function leaveTeamAction(input: unknown): Promise<ActionResult<{ teamId: string }>> {
  return leave(input);
}

const deleteOne = authedAction({ schema: teamIdSchema, permission: 'teams.use' }, async ({ teamId }, user) => {
  await deleteTeam(user.claims, teamId);
  refreshTeams(teamId);
  return { teamId };
});
export async function deleteTeamAction(input: unknown): Promise<ActionResult<{ teamId: string }>> {
  return deleteOne(input);
}

const share = authedAction({ schema: shareSchema, permission: 'items.share' }, async (input, user) => {
  const shared = await shareItem(user.claims, input);
  revalidatePath(input.kind === 'batch' ? `/batches/${input.id}` : `/results`);
  return shared;
});
export async function shareItemAction(input: unknown): Promise<ActionResult<{ teamId: string | null }>> {
  return share(input);
}
