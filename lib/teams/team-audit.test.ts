// Team events in the audit log, against the real database: each change to a team (create, invite,
// accept, decline, withdraw, role change, remove, leave, share, unshare, delete) leaves one row with
// its actor, team and member, written in the change's own transaction; each refusal leaves one denied
// row (and no success row); a global admin's action on a team they do not own names whose data it
// was; and the audit browser finds them all by entity, action and owner.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authedActionFor } from '../actions/safe-action.ts';
import { recordAuditInTransaction } from '../admin/audit-log.ts';
import { auditFilterSchema, browseAuditLog } from '../admin/audit-browser.ts';
import type { CurrentUser } from '../auth/require-user.ts';
import { asUser } from '../db/as-user.ts';
import { closePool, getPool } from '../db/pool.ts';
import { asService } from '../db/service.ts';
import { usageLog } from '../metrics/usage-log.ts';
import { createTestUser, type TestUser } from '../../supabase/tests/create-test-user.ts';
import { changeRoleSchema } from '../validation/teams.ts';
import { shareItem } from './sharing.ts';
import {
  acceptInvitation,
  changeMemberRole,
  createTeam,
  declineInvitation,
  DELETE_TEAM_REFUSED,
  deleteTeam,
  getTeam,
  inviteMember,
  leaveTeam,
  removeMember,
  withdrawInvitation,
} from './teams.ts';

let owner: TestUser;
let globalAdmin: TestUser;
beforeAll(async () => {
  [owner, globalAdmin] = await Promise.all([createTestUser({ label: 'audit-team-owner' }), createTestUser({ label: 'audit-team-admin', role: 'admin' })]);
});
afterAll(async () => {
  await usageLog().flush();
  await closePool();
});

interface Row {
  action: string;
  user_id: string;
  entity_type: string;
  entity_id: string | null;
  status: string;
  reason: string | null;
  changes: Record<string, unknown> | null;
}

/** The audit rows of a team (or of an actor), oldest first. */
const rowsOf = async (column: 'entity_id' | 'user_id', value: string): Promise<Row[]> =>
  (
    await getPool().query<Row>(
      `select action, user_id, entity_type, entity_id, status, reason, changes from public.user_audit_log where ${column} = $1 order by id`,
      [value],
    )
  ).rows;

const teamName = () => `Audit lab ${randomBytes(3).toString('hex')}`;

async function member(label: string): Promise<TestUser> {
  return createTestUser({ label });
}

/** Invites and accepts: the user's membership id in the team. */
async function join(by: TestUser, teamId: string, u: TestUser, role: 'owner' | 'admin' | 'member' | 'viewer'): Promise<string> {
  const { membershipId } = await inviteMember(by.claims, { teamId, email: u.email, role });
  await acceptInvitation(u.claims, membershipId);
  return membershipId;
}

async function storedCalculation(of: TestUser): Promise<string> {
  return asService(async (db) => {
    const mol = await db.query<{ id: string }>(
      `insert into public.molecules (owner_id, name, inchikey, formula) values ($1, 'water', $2, 'H2O') returning id`,
      [of.id, `${'B'.repeat(14)}-${randomBytes(5).toString('hex').toUpperCase().replace(/[0-9]/g, 'D')}-N`],
    );
    const { rows } = await db.query<{ id: string }>(
      `insert into public.calculations (molecule_id, owner_id, name, input_xyz, input_hash, status, total_energy)
       values ($1, $2, 'audited water', '3\nw\nO 0 0 0\nH 0 0.76 -0.47\nH 0 -0.76 -0.47\n', $3, 'succeeded', -5.07) returning id`,
      [mol.rows[0]!.id, of.id, randomBytes(32).toString('hex')],
    );
    return rows[0]!.id;
  });
}

/** The error the call throws (fails the test when it succeeds). */
async function failure(work: Promise<unknown>): Promise<Error> {
  try {
    await work;
  } catch (error) {
    if (error instanceof Error) return error;
  }
  throw new Error('expected the call to be refused');
}

describe('team events in the audit log', () => {
  it('records every change with its actor, team and member, and nothing as an admin action on others', async () => {
    const [ada, dee, max] = await Promise.all([member('audit-ada'), member('audit-dee'), member('audit-max')]);
    const name = teamName();
    const { id } = await createTeam(owner.claims, { name });
    const adaMembership = await join(owner, id, ada, 'member');
    const declined = await inviteMember(owner.claims, { teamId: id, email: dee.email, role: 'viewer' });
    await declineInvitation(dee.claims, declined.membershipId);
    const withdrawn = await inviteMember(owner.claims, { teamId: id, email: dee.email, role: 'member' });
    await withdrawInvitation(owner.claims, withdrawn.membershipId);
    await changeMemberRole(owner.claims, adaMembership, 'admin');
    const maxMembership = await join(owner, id, max, 'member');
    await removeMember(ada.claims, maxMembership);
    await leaveTeam(ada.claims, id);
    const calculation = await storedCalculation(owner);
    await shareItem(owner.claims, { kind: 'calculation', id: calculation, teamId: id });
    await shareItem(owner.claims, { kind: 'calculation', id: calculation, teamId: null });
    await shareItem(owner.claims, { kind: 'calculation', id: calculation, teamId: id });
    // Moved to another team: each team's history shows its side.
    const other = await createTeam(owner.claims, { name: teamName() });
    await shareItem(owner.claims, { kind: 'calculation', id: calculation, teamId: other.id });
    expect((await rowsOf('entity_id', other.id)).map((r) => [r.action, r.changes])).toEqual([
      ['team.create', { name: expect.any(String) }],
      ['team.share', { item_type: 'calculation', item_id: calculation }],
    ]);
    await shareItem(owner.claims, { kind: 'calculation', id: calculation, teamId: id });
    await deleteTeam(owner.claims, id);

    const rows = await rowsOf('entity_id', id);
    expect(rows.every((r) => r.entity_type === 'team' && r.status === 'success' && r.reason === null && !('owner_id' in r.changes!))).toBe(true);
    expect(rows.map((r) => [r.action, r.user_id, r.changes])).toEqual([
      ['team.create', owner.id, { name }],
      ['team.invite', owner.id, { member_id: ada.id, membership_id: adaMembership, role: 'member', email: ada.email }],
      ['team.invitation_accept', ada.id, { member_id: ada.id, membership_id: adaMembership, role: 'member' }],
      ['team.invite', owner.id, { member_id: dee.id, membership_id: declined.membershipId, role: 'viewer', email: dee.email }],
      ['team.invitation_decline', dee.id, { member_id: dee.id, membership_id: declined.membershipId, role: 'viewer' }],
      ['team.invite', owner.id, { member_id: dee.id, membership_id: withdrawn.membershipId, role: 'member', email: dee.email }],
      ['team.invitation_withdraw', owner.id, { member_id: dee.id, membership_id: withdrawn.membershipId, role: 'member' }],
      ['team.member_role_change', owner.id, { member_id: ada.id, membership_id: adaMembership, from: 'member', to: 'admin' }],
      ['team.invite', owner.id, { member_id: max.id, membership_id: maxMembership, role: 'member', email: max.email }],
      ['team.invitation_accept', max.id, { member_id: max.id, membership_id: maxMembership, role: 'member' }],
      ['team.member_remove', ada.id, { member_id: max.id, membership_id: maxMembership, role: 'member' }],
      ['team.leave', ada.id, { member_id: ada.id, membership_id: adaMembership, role: 'admin' }],
      ['team.share', owner.id, { item_type: 'calculation', item_id: calculation }],
      ['team.unshare', owner.id, { item_type: 'calculation', item_id: calculation }],
      ['team.share', owner.id, { item_type: 'calculation', item_id: calculation }],
      ['team.unshare', owner.id, { item_type: 'calculation', item_id: calculation }],
      ['team.share', owner.id, { item_type: 'calculation', item_id: calculation }],
      ['team.delete', owner.id, { name }],
    ]);
    // Deleting the team made what was shared with it private again.
    const { rows: calc } = await getPool().query('select organization_id from public.calculations where id = $1', [calculation]);
    expect(calc[0].organization_id).toBeNull();
  });

  it('records each refusal once as denied, with the member it concerned, and no change', async () => {
    const [ada, max, stranger] = await Promise.all([member('audit-ref-ada'), member('audit-ref-max'), member('audit-ref-stranger')]);
    const { id } = await createTeam(owner.claims, { name: teamName() });
    const adaMembership = await join(owner, id, ada, 'admin');
    const maxMembership = await join(owner, id, max, 'member');
    const ownerMembership = (await getTeam(owner.claims, id))!.members.find((m) => m.userId === owner.id)!.membershipId;
    const calculation = await storedCalculation(owner);
    await shareItem(owner.claims, { kind: 'calculation', id: calculation, teamId: id }); // Ada reads it, but it stays Olive's

    const demote = await failure(changeMemberRole(ada.claims, ownerMembership, 'member'));
    const lastOwner = await failure(leaveTeam(owner.claims, id));
    const strangerInvites = await failure(inviteMember(stranger.claims, { teamId: id, email: max.email, role: 'viewer' }));
    const memberDeletes = await failure(deleteTeam(max.claims, id));
    const notTheirs = await failure(shareItem(ada.claims, { kind: 'calculation', id: calculation, teamId: null }));
    expect(memberDeletes.message).toBe(DELETE_TEAM_REFUSED);

    const denied = (await rowsOf('entity_id', id)).filter((r) => r.status === 'denied');
    expect(denied.map((r) => [r.action, r.user_id, r.reason, r.changes])).toEqual([
      ['team.member_role_change', ada.id, demote.message, { owner_id: owner.id, member_id: owner.id, membership_id: ownerMembership }],
      ['team.leave', owner.id, lastOwner.message, {}],
      ['team.invite', stranger.id, strangerInvites.message, { role: 'viewer', email: max.email }],
      ['team.delete', max.id, DELETE_TEAM_REFUSED, {}],
      ['team.unshare', ada.id, notTheirs.message, { owner_id: owner.id, item_type: 'calculation', item_id: calculation }],
    ]);
    // Nothing changed, so nothing was recorded as done: only the set-up's rows succeeded.
    expect((await rowsOf('entity_id', id)).filter((r) => r.status === 'success').map((r) => r.action)).toEqual([
      'team.create',
      'team.invite',
      'team.invitation_accept',
      'team.invite',
      'team.invitation_accept',
      'team.share',
    ]);
    expect((await getTeam(owner.claims, id))!.members.map((m) => [m.membershipId, m.role])).toEqual([
      [ownerMembership, 'owner'],
      [adaMembership, 'admin'],
      [maxMembership, 'member'],
    ]);
  });

  it('through the action wrapper a refusal is still recorded once, and "not found" only by the wrapper', async () => {
    const [ada, stranger] = await Promise.all([member('audit-wrap-ada'), member('audit-wrap-stranger')]);
    const { id } = await createTeam(owner.claims, { name: teamName() });
    const adaMembership = await join(owner, id, ada, 'admin');
    const ownerMembership = (await getTeam(owner.claims, id))!.members.find((m) => m.userId === owner.id)!.membershipId;
    const as = (u: TestUser): CurrentUser => ({ id: u.id, email: u.email, displayName: u.email, role: 'researcher', claims: u.claims });
    const action = (u: TestUser) =>
      authedActionFor(
        async () => as(u),
        { schema: changeRoleSchema, permission: 'teams.use' },
        ({ membershipId, role }, user) => changeMemberRole(user.claims, membershipId, role),
      );

    expect(await action(ada)({ membershipId: ownerMembership, role: 'viewer' })).toMatchObject({ ok: false });
    expect(await action(stranger)({ membershipId: adaMembership, role: 'viewer' })).toMatchObject({ ok: false });

    expect((await rowsOf('user_id', ada.id)).filter((r) => r.status === 'denied').map((r) => [r.action, r.entity_type])).toEqual([
      ['team.member_role_change', 'team'],
    ]);
    expect((await rowsOf('user_id', stranger.id)).map((r) => [r.action, r.entity_type, r.entity_id, r.status])).toEqual([
      ['teams.use', 'not_found', adaMembership, 'denied'],
    ]);
  });

  it("marks a global admin's actions on a team they do not own with whose data it was; the audit browser filters them", async () => {
    const [ada, max] = await Promise.all([member('audit-gadm-ada'), member('audit-gadm-max')]);
    const { id } = await createTeam(owner.claims, { name: teamName() });
    const adaMembership = await join(owner, id, ada, 'member');
    const { membershipId: maxMembership } = await inviteMember(globalAdmin.claims, { teamId: id, email: max.email, role: 'viewer' });
    await acceptInvitation(max.claims, maxMembership);
    await changeMemberRole(globalAdmin.claims, adaMembership, 'viewer');
    await removeMember(globalAdmin.claims, maxMembership);
    await deleteTeam(globalAdmin.claims, id);

    const byAdmin = (await rowsOf('entity_id', id)).filter((r) => r.user_id === globalAdmin.id);
    expect(byAdmin.map((r) => [r.action, r.changes!.owner_id, r.changes!.member_id ?? null])).toEqual([
      ['team.invite', max.id, max.id],
      ['team.member_role_change', ada.id, ada.id],
      ['team.member_remove', max.id, max.id],
      ['team.delete', owner.id, null],
    ]);

    const browse = (filter: Record<string, string>) => browseAuditLog(globalAdmin.claims, auditFilterSchema.parse(filter));
    expect((await browse({ entity: id })).rows.map((r) => r.action)).toContain('team.create');
    expect((await browse({ entity: id, owner: owner.id })).rows.map((r) => [r.action, r.actor, r.owner])).toEqual([
      ['team.delete', globalAdmin.email, owner.email],
    ]);
    const adminRows = await browse({ entity: 'team', action: 'team.member_', actor: globalAdmin.id, owner: ada.id });
    expect(adminRows.rows.map((r) => [r.action, r.entityId, r.status])).toEqual([['team.member_role_change', id, 'success']]);
    const deniedTeamRows = await browse({ entity: 'team', outcome: 'denied', actor: globalAdmin.id });
    expect(deniedTeamRows.total).toBe(0);
  });

  it('an audit row written in a transaction that rolls back is gone with it, and the transaction keeps its role', async () => {
    const marker = `test.rollback.${randomBytes(4).toString('hex')}`;
    const role = await asUser(owner.claims, async (db) => {
      await recordAuditInTransaction(db, { userId: owner.id, action: marker, entityType: 'team', entityId: null });
      return (await db.query<{ r: string }>(`select current_user as r`)).rows[0]!.r;
    });
    expect(role).toBe('authenticated');
    const rolledBack = `${marker}.undone`;
    await expect(
      asUser(owner.claims, async (db) => {
        await recordAuditInTransaction(db, { userId: owner.id, action: rolledBack, entityType: 'team', entityId: null });
        throw new Error('the change failed after its audit row');
      }),
    ).rejects.toThrow('the change failed');
    const { rows } = await getPool().query('select action from public.user_audit_log where action like $1 order by id', [`${marker}%`]);
    expect(rows.map((r) => r.action)).toEqual([marker]);
  });
});
