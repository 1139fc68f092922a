// Team events in the audit log (user_audit_log): entity `team` and the team's id, action `team.*`,
// the member concerned in `changes.member_id`. A change is recorded in its own transaction, so an
// entry exists exactly when the change committed. When a global admin acts on a team they do not own
// or on someone else's membership (what only their admin role allows), `changes.owner_id` names whose
// data it was, as recordAdminActionOnOthers marks admins' changes to others' rows. A refusal (not
// allowed, the last owner) is recorded as denied after the rollback; "not found" is recorded by the
// action wrapper (lib/actions/safe-action.ts), not here.
import 'server-only';
import { recordAuditInTransaction, recordDenied } from '../admin/audit-log.ts';
import { asService } from '../db/service.ts';
import type { Queryable } from '../db/transaction.ts';
import { isUserError } from '../errors/user-error.ts';
import { teamRefusal } from './team-errors.ts';

export type TeamAuditAction =
  | 'team.create'
  | 'team.delete'
  | 'team.invite'
  | 'team.invitation_accept'
  | 'team.invitation_decline'
  | 'team.invitation_withdraw'
  | 'team.member_role_change'
  | 'team.member_remove'
  | 'team.leave'
  | 'team.share'
  | 'team.unshare';

export interface TeamActor {
  id: string;
  globalAdmin: boolean;
  /** An active owner of the team. */
  teamOwner: boolean;
  /** The team's longest-standing active owner (whose team it is, for an admin's action on it). */
  firstOwnerId: string | null;
}

/** The acting user as the team sees them, read in the change's transaction. */
export async function teamActor(db: Queryable, teamId: string): Promise<TeamActor> {
  const { rows } = await db.query<{ id: string; admin: boolean; owner: boolean; first_owner: string | null }>(
    `select (select auth.uid()) as id, public.is_admin() as admin, public.has_org_role($1, array['owner']) as owner,
            (select m.user_id from public.memberships m
              where m.organization_id = $1 and m.role = 'owner' and m.status = 'active'
              order by m.created_at, m.id limit 1) as first_owner`,
    [teamId],
  );
  const row = rows[0]!;
  return { id: row.id, globalAdmin: row.admin, teamOwner: row.owner, firstOwnerId: row.first_owner };
}

/**
 * Whose data a global admin's action touched when it is not theirs: the member concerned when that
 * is someone else, else (an action on the team itself) the team's owner when the admin does not own
 * it. Null for everyone else's actions and for an admin's own membership.
 */
export function othersData(actor: TeamActor, memberId: string | null): string | null {
  if (!actor.globalAdmin) return null;
  if (memberId) return memberId === actor.id ? null : memberId;
  return actor.teamOwner ? null : actor.firstOwnerId;
}

export interface TeamEvent {
  action: TeamAuditAction;
  teamId: string;
  /** The user whose membership the event is about (the invitee, the member whose role changed, …). */
  memberId?: string | null;
  /** Set when a global admin acted on others' data (see othersData). */
  ownerId?: string | null;
  changes?: Record<string, unknown>;
}

/** Records a team event inside the change's transaction (it commits or rolls back with the change). */
export async function auditTeamEvent(db: Queryable, actorId: string, event: TeamEvent): Promise<void> {
  await recordAuditInTransaction(db, {
    userId: actorId,
    action: event.action,
    entityType: 'team',
    entityId: event.teamId,
    changes: {
      ...(event.ownerId ? { owner_id: event.ownerId } : {}),
      ...(event.memberId ? { member_id: event.memberId } : {}),
      ...event.changes,
    },
  });
}

/** The database's refusals that are denied attempts: not allowed (42501), or the last owner (QFM01). */
function isDenial(error: unknown): boolean {
  if (isUserError(error)) return error.code === 'FORBIDDEN';
  const code = (error as { code?: string } | null)?.code;
  return code === '42501' || code === 'QFM01';
}

/**
 * Records a refused team action as denied: the team and the member concerned (read as the service
 * role, since the refused user may not see them), and `owner_id` when the membership was someone
 * else's. Never throws.
 */
export async function recordTeamDenial(
  actorId: string,
  action: TeamAuditAction,
  target: { teamId?: string | null; membershipId?: string },
  reason: string,
  changes: Record<string, unknown> = {},
): Promise<void> {
  let teamId = target.teamId ?? null;
  let memberId: string | null = null;
  if (target.membershipId) {
    try {
      const { rows } = await asService((db) =>
        db.query<{ organization_id: string; user_id: string }>(`select organization_id, user_id from public.memberships where id = $1`, [target.membershipId]),
      );
      teamId = rows[0]?.organization_id ?? teamId;
      memberId = rows[0]?.user_id ?? null;
    } catch (error) {
      console.error('[audit] could not look up a refused membership change', error);
    }
  }
  const ownerId = (changes.owner_id as string | undefined) ?? (memberId && memberId !== actorId ? memberId : undefined);
  await recordDenied({
    userId: actorId,
    action,
    entityType: 'team',
    entityId: teamId,
    reason,
    changes: {
      ...(ownerId ? { owner_id: ownerId } : {}),
      ...(memberId ? { member_id: memberId } : {}),
      ...(target.membershipId ? { membership_id: target.membershipId } : {}),
      ...changes,
    },
  });
}

/** The error to throw for a failed team change (./team-errors.ts), recorded first as a denied attempt when it is a refusal. */
export async function refusedTeamAction(
  actorId: string,
  action: TeamAuditAction,
  target: { teamId?: string | null; membershipId?: string },
  error: unknown,
  forbidden: string,
  changes?: Record<string, unknown>,
): Promise<unknown> {
  const refusal = teamRefusal(error, forbidden);
  if (isDenial(error) && refusal instanceof Error) await recordTeamDenial(actorId, action, target, refusal.message, changes);
  return refusal;
}
