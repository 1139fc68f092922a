// Teams as the /teams pages use them: my teams and invitations, one team's roster, and every change
// to it (create, delete, invite, accept, decline, withdraw, change a role, remove, leave), each
// recorded in the audit log in the change's own transaction (./team-audit.ts). Everything runs
// under the user's row-level security; the rules that compare rows (only owners touch owners, the
// last owner stays, only the invitee accepts) are the database's trigger (migration
// 20261129130000_team_invitations.sql), whose refusals come back here as UserErrors in words.
import 'server-only';
import { randomBytes } from 'node:crypto';
import { asUser, type JwtClaims } from '../db/as-user.ts';
import { UserError } from '../errors/user-error.ts';
import type { CreateTeamInput, InviteInput, TeamRole } from '../validation/teams.ts';
import { auditTeamEvent, othersData, recordTeamDenial, refusedTeamAction, teamActor, type TeamAuditAction } from './team-audit.ts';

export interface TeamSummary {
  id: string;
  name: string;
  role: TeamRole;
  memberCount: number;
}

export interface Invitation {
  membershipId: string;
  teamId: string;
  teamName: string;
  role: TeamRole;
  invitedBy: string | null;
  invitedAt: string;
}

export interface TeamMember {
  membershipId: string;
  userId: string;
  name: string;
  email: string | null;
  role: TeamRole;
  isMe: boolean;
}

export interface PendingInvitation {
  membershipId: string;
  email: string;
  role: TeamRole;
  invitedAt: string;
}

export interface TeamDetail {
  id: string;
  name: string;
  /** The current user's active role in the team; null for a global admin who is not in it. */
  myRole: TeamRole | null;
  members: TeamMember[];
  /** Open invitations: for the team's owners and admins (and global admins) only. */
  invitations: PendingInvitation[];
}

const ROLE_ORDER = `array_position(array['owner','admin','member','viewer']::text[], m.role)`;

export async function listMyTeams(claims: JwtClaims): Promise<TeamSummary[]> {
  return asUser(claims, async (db) => {
    const { rows } = await db.query<{ id: string; name: string; role: TeamRole; member_count: number }>(
      `select o.id, o.name, m.role,
              (select count(*)::int from public.memberships x where x.organization_id = o.id and x.status = 'active') as member_count
         from public.memberships m join public.organizations o on o.id = m.organization_id
        where m.user_id = (select auth.uid()) and m.status = 'active'
        order by lower(o.name), o.id`,
    );
    return rows.map((r) => ({ id: r.id, name: r.name, role: r.role, memberCount: r.member_count }));
  });
}

export async function listMyInvitations(claims: JwtClaims): Promise<Invitation[]> {
  return asUser(claims, async (db) => {
    const { rows } = await db.query<{
      membership_id: string;
      organization_id: string;
      organization_name: string;
      role: TeamRole;
      invited_by_name: string | null;
      invited_at: Date;
    }>(`select * from public.my_invitations()`);
    return rows.map((r) => ({
      membershipId: r.membership_id,
      teamId: r.organization_id,
      teamName: r.organization_name,
      role: r.role,
      invitedBy: r.invited_by_name,
      invitedAt: r.invited_at.toISOString(),
    }));
  });
}

/** A slug nobody has to think about: the name's letters and digits and a random tail (slugs are unique). */
function slugFor(name: string): string {
  const base =
    name
      .normalize('NFKD')
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 40)
      .replace(/-+$/, '') || 'team';
  return `${base}-${randomBytes(4).toString('hex')}`;
}

/** The creator becomes the team's first owner (the database's trigger adds the membership). */
export async function createTeam(claims: JwtClaims, input: CreateTeamInput): Promise<{ id: string }> {
  try {
    return await asUser(claims, async (db) => {
      const { rows } = await db.query<{ id: string }>(
        `insert into public.organizations (name, slug, created_by) values ($1, $2, (select auth.uid())) returning id`,
        [input.name, slugFor(input.name)],
      );
      const id = rows[0]!.id;
      await auditTeamEvent(db, claims.sub, { action: 'team.create', teamId: id, changes: { name: input.name } });
      return { id };
    });
  } catch (error) {
    throw await refusedTeamAction(claims.sub, 'team.create', {}, error, 'Your role does not allow creating teams.', { name: input.name });
  }
}

export const DELETE_TEAM_REFUSED = 'Only a team owner can delete the team.';

/** Deletes the team (its owners, or a global admin): memberships and invitations go with it, and what was shared with it becomes private again. */
export async function deleteTeam(claims: JwtClaims, teamId: string): Promise<void> {
  let outcome: 'deleted' | 'refused' | 'missing';
  try {
    outcome = await asUser(claims, async (db) => {
      const actor = await teamActor(db, teamId); // before the memberships go
      const { rows } = await db.query<{ name: string }>(`delete from public.organizations where id = $1 returning name`, [teamId]);
      if (rows[0]) {
        await auditTeamEvent(db, actor.id, { action: 'team.delete', teamId, ownerId: othersData(actor, null), changes: { name: rows[0].name } });
        return 'deleted';
      }
      // Row-level security deletes nothing for a member who is not an owner: they see the team, so say why.
      const seen = await db.query(`select 1 from public.organizations where id = $1`, [teamId]);
      return seen.rowCount ? 'refused' : 'missing';
    });
  } catch (error) {
    throw await refusedTeamAction(claims.sub, 'team.delete', { teamId }, error, DELETE_TEAM_REFUSED);
  }
  if (outcome === 'refused') {
    await recordTeamDenial(claims.sub, 'team.delete', { teamId }, DELETE_TEAM_REFUSED);
    throw new UserError('FORBIDDEN', DELETE_TEAM_REFUSED);
  }
  if (outcome === 'missing') throw new UserError('NOT_FOUND', 'No such team.');
}

/** The team with its active members, or null when the user is not in it (invitees included) and not a global admin. */
export async function getTeam(claims: JwtClaims, teamId: string): Promise<TeamDetail | null> {
  return asUser(claims, async (db) => {
    const { rows: teams } = await db.query<{ id: string; name: string; my_role: TeamRole | null; admin: boolean }>(
      `select o.id, o.name, public.is_admin() as admin,
              (select m.role from public.memberships m
                where m.organization_id = o.id and m.user_id = (select auth.uid()) and m.status = 'active') as my_role
         from public.organizations o where o.id = $1`,
      [teamId],
    );
    const team = teams[0];
    if (!team || (!team.my_role && !team.admin)) return null;
    const { rows: members } = await db.query<{
      id: string;
      user_id: string;
      role: TeamRole;
      display_name: string | null;
      email: string | null;
      is_me: boolean;
    }>(
      `select m.id, m.user_id, m.role, p.display_name, p.email, m.user_id = (select auth.uid()) as is_me
         from public.memberships m left join public.profiles p on p.id = m.user_id
        where m.organization_id = $1 and m.status = 'active'
        order by ${ROLE_ORDER}, lower(coalesce(p.display_name, p.email, '')), m.id`,
      [teamId],
    );
    const { rows: invitations } = await db.query<{ membership_id: string; email: string; role: TeamRole; invited_at: Date }>(
      `select membership_id, email, role, invited_at from public.organization_invitations($1)`,
      [teamId],
    );
    return {
      id: team.id,
      name: team.name,
      myRole: team.my_role,
      members: members.map((m) => ({
        membershipId: m.id,
        userId: m.user_id,
        name: m.display_name ?? m.email ?? 'A team member',
        email: m.email,
        role: m.role,
        isMe: m.is_me,
      })),
      invitations: invitations.map((i) => ({ membershipId: i.membership_id, email: i.email, role: i.role, invitedAt: i.invited_at.toISOString() })),
    };
  });
}

/**
 * Invites an existing account by e-mail. The invitee is not enrolled: they see the invitation and
 * accept or decline it. Whether an address has an account is told no more plainly than sign-up
 * already tells anyone.
 */
export async function inviteMember(claims: JwtClaims, input: InviteInput): Promise<{ membershipId: string }> {
  try {
    return await asUser(claims, async (db) => {
      const made = await db.query<{ id: string }>(`select public.invite_to_organization($1, $2, $3) as id`, [input.teamId, input.email, input.role]);
      const { rows } = await db.query<{ id: string; user_id: string }>(`select id, user_id from public.memberships where id = $1`, [made.rows[0]!.id]);
      const invited = rows[0]!;
      const actor = await teamActor(db, input.teamId);
      await auditTeamEvent(db, actor.id, {
        action: 'team.invite',
        teamId: input.teamId,
        memberId: invited.user_id,
        ownerId: othersData(actor, invited.user_id),
        changes: { membership_id: invited.id, role: input.role, email: input.email },
      });
      return { membershipId: invited.id };
    });
  } catch (error) {
    throw await refusedTeamAction(claims.sub, 'team.invite', { teamId: input.teamId }, error, 'Only team owners and admins invite people to a team.', {
      role: input.role,
      email: input.email,
    });
  }
}

/** A membership as a change statement returns it (`from_role`: the role before a role change). */
interface ChangedMembership {
  id: string;
  organization_id: string;
  user_id: string;
  role: TeamRole;
  from_role?: TeamRole;
}

/** One membership change under the user's row-level security, recorded in the same transaction; `sql` returns the changed row (none: not there for this user). */
async function changeOne(
  claims: JwtClaims,
  action: TeamAuditAction,
  target: { teamId: string } | { membershipId: string },
  sql: string,
  args: unknown[],
  notFound: string,
  forbidden: string,
): Promise<void> {
  let changed: boolean;
  try {
    changed = await asUser(claims, async (db) => {
      const { rows } = await db.query<ChangedMembership>(sql, args);
      const row = rows[0];
      if (!row) return false;
      const actor = await teamActor(db, row.organization_id);
      await auditTeamEvent(db, actor.id, {
        action,
        teamId: row.organization_id,
        memberId: row.user_id,
        ownerId: othersData(actor, row.user_id),
        changes: { membership_id: row.id, ...(row.from_role ? { from: row.from_role, to: row.role } : { role: row.role }) },
      });
      return true;
    });
  } catch (error) {
    throw await refusedTeamAction(claims.sub, action, target, error, forbidden);
  }
  if (!changed) throw new UserError('NOT_FOUND', notFound);
}

const RETURNING = `returning id, organization_id, user_id, role`;

/** The invitee joins with the role they were offered. */
export function acceptInvitation(claims: JwtClaims, membershipId: string): Promise<void> {
  return changeOne(
    claims,
    'team.invitation_accept',
    { membershipId },
    `update public.memberships set status = 'active' where id = $1 and user_id = (select auth.uid()) and status = 'invited' ${RETURNING}`,
    [membershipId],
    'That invitation is no longer open.',
    'Only the invited person can accept an invitation.',
  );
}

/** The invitee says no: the invitation is deleted and the team learns nothing more. */
export function declineInvitation(claims: JwtClaims, membershipId: string): Promise<void> {
  return changeOne(
    claims,
    'team.invitation_decline',
    { membershipId },
    `delete from public.memberships where id = $1 and user_id = (select auth.uid()) and status = 'invited' ${RETURNING}`,
    [membershipId],
    'That invitation is no longer open.',
    'That invitation cannot be declined here.',
  );
}

/** A team owner or admin takes back an open invitation. */
export function withdrawInvitation(claims: JwtClaims, membershipId: string): Promise<void> {
  return changeOne(
    claims,
    'team.invitation_withdraw',
    { membershipId },
    `delete from public.memberships where id = $1 and status = 'invited' and user_id <> (select auth.uid()) ${RETURNING}`,
    [membershipId],
    'That invitation is no longer open, or you cannot withdraw it.',
    'Only team owners and admins withdraw invitations.',
  );
}

export function changeMemberRole(claims: JwtClaims, membershipId: string, role: TeamRole): Promise<void> {
  return changeOne(
    claims,
    'team.member_role_change',
    { membershipId },
    `update public.memberships m set role = $2 from public.memberships old
      where m.id = $1 and m.status = 'active' and old.id = m.id
      returning m.id, m.organization_id, m.user_id, m.role, old.role as from_role`,
    [membershipId, role],
    'That member is no longer in the team, or you cannot change their role.',
    'Only team owners and admins change roles.',
  );
}

/** Removes someone else from the team (leaving is `leaveTeam`). */
export function removeMember(claims: JwtClaims, membershipId: string): Promise<void> {
  return changeOne(
    claims,
    'team.member_remove',
    { membershipId },
    `delete from public.memberships where id = $1 and status = 'active' and user_id <> (select auth.uid()) ${RETURNING}`,
    [membershipId],
    'That member is no longer in the team, or you cannot remove them.',
    'Only team owners and admins remove members.',
  );
}

/** Leaves the team; what one shared with it is unshared (the database's trigger). The last owner cannot leave. */
export function leaveTeam(claims: JwtClaims, teamId: string): Promise<void> {
  return changeOne(
    claims,
    'team.leave',
    { teamId },
    `delete from public.memberships where organization_id = $1 and user_id = (select auth.uid()) and status = 'active' ${RETURNING}`,
    [teamId],
    'You are not in that team.',
    'You cannot leave this team.',
  );
}
