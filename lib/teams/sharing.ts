// Sharing a molecule, calculation or batch with one of its owner's teams, and taking it back. The
// row's organization_id is the share; row-level security decides who reads it (every active member
// of that team, read only; a shared batch shares its calculations and molecules, a shared
// calculation its molecule: migration 20261129230000_team_sharing.sql) and who may change it (the
// owner, into a team where they are owner, admin or member). Sharing and unsharing are recorded in
// the audit log as team events (./team-audit.ts).
import 'server-only';
import { asUser, type JwtClaims } from '../db/as-user.ts';
import { UserError } from '../errors/user-error.ts';
import type { ShareableKind, ShareInput } from '../validation/teams.ts';
import { auditTeamEvent, recordTeamDenial, refusedTeamAction } from './team-audit.ts';

const TABLE: Record<ShareableKind, string> = { molecule: 'molecules', calculation: 'calculations', batch: 'batch_jobs' };
const NOUN: Record<ShareableKind, string> = { molecule: 'molecule', calculation: 'calculation', batch: 'batch' };

export interface ShareTarget {
  id: string;
  name: string;
}

export interface SharingState {
  /** The current user owns the item: only then may they share or unshare it. */
  ownedByMe: boolean;
  ownerName: string | null;
  /** Someone else's item the user reads through one of their teams (else a global admin's view). */
  sharedWithMe: boolean;
  team: ShareTarget | null;
  /** Teams the user may share into (their role there is owner, admin or member). */
  targets: ShareTarget[];
}

export async function getSharing(claims: JwtClaims, kind: ShareableKind, id: string): Promise<SharingState | null> {
  return asUser(claims, async (db) => {
    const { rows } = await db.query<{ mine: boolean; shared: boolean; owner_name: string | null; team_id: string | null; team_name: string | null }>(
      `select t.owner_id = (select auth.uid()) as mine, p.display_name as owner_name, t.organization_id as team_id, o.name as team_name,
              public.is_shared_with_me(t.organization_id, ${kind === 'calculation' ? 't.batch_id' : 'null'}) as shared
         from public.${TABLE[kind]} t
         left join public.profiles p on p.id = t.owner_id
         left join public.organizations o on o.id = t.organization_id
        where t.id = $1`,
      [id],
    );
    const row = rows[0];
    if (!row) return null;
    const { rows: targets } = row.mine
      ? await db.query<ShareTarget>(
          `select o.id, o.name from public.memberships m join public.organizations o on o.id = m.organization_id
            where m.user_id = (select auth.uid()) and m.status = 'active' and m.role in ('owner', 'admin', 'member')
            order by lower(o.name), o.id`,
        )
      : { rows: [] };
    return {
      ownedByMe: row.mine,
      ownerName: row.owner_name,
      sharedWithMe: !row.mine && row.shared,
      // A team the user cannot see (not theirs) is still "shared", without its name.
      team: row.team_id ? { id: row.team_id, name: row.team_name ?? 'another team' } : null,
      targets,
    };
  });
}

/** Shares the user's own item with one of their teams, or (teamId null) makes it private again. */
export async function shareItem(claims: JwtClaims, input: ShareInput): Promise<{ teamId: string | null }> {
  const noun = NOUN[input.kind];
  const table = TABLE[input.kind];
  const action = input.teamId ? 'team.share' : 'team.unshare';
  const item = { item_type: input.kind, item_id: input.id };
  let outcome: { updated: true } | { updated: false; visible: boolean; ownerId: string | null; teamId: string | null };
  try {
    outcome = await asUser(claims, async (db) => {
      const updated = await db.query<{ previous: string | null }>(
        `update public.${table} t set organization_id = $2 from public.${table} old
          where t.id = $1 and old.id = t.id and t.owner_id = (select auth.uid()) returning old.organization_id as previous`,
        [input.id, input.teamId],
      );
      if (updated.rows[0]) {
        const previous = updated.rows[0].previous;
        // Each team's history is whole: moving an item from one team to another unshares it there and shares it here.
        if (previous && previous !== input.teamId) await auditTeamEvent(db, claims.sub, { action: 'team.unshare', teamId: previous, changes: item });
        if (input.teamId && input.teamId !== previous) await auditTeamEvent(db, claims.sub, { action: 'team.share', teamId: input.teamId, changes: item });
        return { updated: true };
      }
      const seen = await db.query<{ owner_id: string | null; organization_id: string | null }>(
        `select owner_id, organization_id from public.${table} where id = $1`,
        [input.id],
      );
      return { updated: false, visible: seen.rows.length > 0, ownerId: seen.rows[0]?.owner_id ?? null, teamId: seen.rows[0]?.organization_id ?? null };
    });
  } catch (error) {
    throw await refusedTeamAction(
      claims.sub,
      action,
      { teamId: input.teamId },
      error,
      'You can share only with a team in which you are an owner, admin or member.',
      item,
    );
  }
  if (!outcome.updated) {
    if (!outcome.visible) throw new UserError('NOT_FOUND', `No such ${noun}.`);
    const message = `Only the owner of this ${noun} can share it or stop sharing it.`;
    // The team the refused try was about: the one named, or (unsharing) the one it is shared with.
    await recordTeamDenial(claims.sub, action, { teamId: input.teamId ?? outcome.teamId }, message, {
      ...(outcome.ownerId ? { owner_id: outcome.ownerId } : {}),
      ...item,
    });
    throw new UserError('FORBIDDEN', message);
  }
  return { teamId: input.teamId };
}
