// Teams as the /teams pages use them: my teams and invitations, one team's roster, and every change
// to it (create, invite, accept, decline, withdraw, change a role, remove, leave). Everything runs
// under the user's row-level security; the rules that compare rows (only owners touch owners, the
// last owner stays, only the invitee accepts) are the database's trigger (migration
// 20261129130000_team_invitations.sql), whose refusals come back here as UserErrors in words.
import 'server-only';
import { randomBytes } from 'node:crypto';
import { asUser, type JwtClaims } from '../db/as-user.ts';
import { UserError } from '../errors/user-error.ts';
import type { CreateTeamInput, InviteInput, TeamRole } from '../validation/teams.ts';
import { teamRefusal } from './team-errors.ts';

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
      return { id: rows[0]!.id };
    });
  } catch (error) {
    throw teamRefusal(error, 'Your role does not allow creating teams.');
  }
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
      const { rows } = await db.query<{ id: string }>(`select public.invite_to_organization($1, $2, $3) as id`, [input.teamId, input.email, input.role]);
      return { membershipId: rows[0]!.id };
    });
  } catch (error) {
    throw teamRefusal(error, 'Only team owners and admins invite people to a team.');
  }
}

async function changeOne(claims: JwtClaims, sql: string, args: unknown[], notFound: string, refused: string): Promise<void> {
  let count: number;
  try {
    count = await asUser(claims, async (db) => (await db.query(sql, args)).rowCount ?? 0);
  } catch (error) {
    throw teamRefusal(error, refused);
  }
  if (count === 0) throw new UserError('NOT_FOUND', notFound);
}

/** The invitee joins with the role they were offered. */
export function acceptInvitation(claims: JwtClaims, membershipId: string): Promise<void> {
  return changeOne(
    claims,
    `update public.memberships set status = 'active' where id = $1 and user_id = (select auth.uid()) and status = 'invited'`,
    [membershipId],
    'That invitation is no longer open.',
    'Only the invited person can accept an invitation.',
  );
}

/** The invitee says no: the invitation is deleted and the team learns nothing more. */
export function declineInvitation(claims: JwtClaims, membershipId: string): Promise<void> {
  return changeOne(
    claims,
    `delete from public.memberships where id = $1 and user_id = (select auth.uid()) and status = 'invited'`,
    [membershipId],
    'That invitation is no longer open.',
    'That invitation cannot be declined here.',
  );
}

/** A team owner or admin takes back an open invitation. */
export function withdrawInvitation(claims: JwtClaims, membershipId: string): Promise<void> {
  return changeOne(
    claims,
    `delete from public.memberships where id = $1 and status = 'invited' and user_id <> (select auth.uid())`,
    [membershipId],
    'That invitation is no longer open, or you cannot withdraw it.',
    'Only team owners and admins withdraw invitations.',
  );
}

export function changeMemberRole(claims: JwtClaims, membershipId: string, role: TeamRole): Promise<void> {
  return changeOne(
    claims,
    `update public.memberships set role = $2 where id = $1 and status = 'active'`,
    [membershipId, role],
    'That member is no longer in the team, or you cannot change their role.',
    'Only team owners and admins change roles.',
  );
}

/** Removes someone else from the team (leaving is `leaveTeam`). */
export function removeMember(claims: JwtClaims, membershipId: string): Promise<void> {
  return changeOne(
    claims,
    `delete from public.memberships where id = $1 and status = 'active' and user_id <> (select auth.uid())`,
    [membershipId],
    'That member is no longer in the team, or you cannot remove them.',
    'Only team owners and admins remove members.',
  );
}

/** Leaves the team; what one shared with it is unshared (the database's trigger). The last owner cannot leave. */
export function leaveTeam(claims: JwtClaims, teamId: string): Promise<void> {
  return changeOne(
    claims,
    `delete from public.memberships where organization_id = $1 and user_id = (select auth.uid()) and status = 'active'`,
    [teamId],
    'You are not in that team.',
    'You cannot leave this team.',
  );
}
