// Teams and sharing as the /teams pages and the share control use them, against the real database
// under each user's RLS: every refusal arrives as a UserError in words, nobody joins without
// accepting, owners stay, and a shared calculation or batch shows up in the member's lists marked
// with its owner's name until it is unshared or the member leaves.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listBatches } from '../batches/read-batches.ts';
import { listCalculations } from '../calculations/list-calculations.ts';
import { rerunCalculation } from '../jobs/rerun-calculation.ts';
import { closePool, getPool } from '../db/pool.ts';
import { asService } from '../db/service.ts';
import { UserError } from '../errors/user-error.ts';
import { parseResultsQuery } from '../results/results-query.ts';
import { createTestUser, type TestUser } from '../../supabase/tests/create-test-user.ts';
import { createTeamSchema, inviteSchema } from '../validation/teams.ts';
import { getSharing, shareItem } from './sharing.ts';
import { NO_ACCOUNT_MESSAGE } from './team-errors.ts';
import {
  acceptInvitation,
  changeMemberRole,
  createTeam,
  declineInvitation,
  getTeam,
  inviteMember,
  leaveTeam,
  listMyInvitations,
  listMyTeams,
  removeMember,
  withdrawInvitation,
} from './teams.ts';

const WATER = '3\nwater\nO 0 0 0.1173\nH 0 0.7572 -0.4692\nH 0 -0.7572 -0.4692\n';
const users: TestUser[] = [];

/** A test user whose display name is `name` (the e-mail is made from it). */
async function user(name: string, role?: 'admin' | 'researcher' | 'viewer') {
  const u = await createTestUser({ label: name.toLowerCase().replace(/[^a-z0-9]+/g, '-'), role });
  await asService((db) => db.query(`update public.profiles set display_name = $2 where id = $1`, [u.id, name]));
  users.push(u);
  return u;
}

/** Resolves to the UserError the call throws (fails the test if it succeeds or throws anything else). */
async function refusal(work: Promise<unknown>): Promise<UserError> {
  const error = await work.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  return error as UserError;
}

/** A team of `owner` in which `others` are active members with the given roles (invited, then accepted). */
async function teamOf(owner: TestUser, others: [TestUser, 'owner' | 'admin' | 'member' | 'viewer'][] = []) {
  const { id } = await createTeam(owner.claims, createTeamSchema.parse({ name: `Lab ${randomBytes(3).toString('hex')}` }));
  const memberships: Record<string, string> = {};
  for (const [u, role] of others) {
    const { membershipId } = await inviteMember(owner.claims, inviteSchema.parse({ teamId: id, email: u.email, role }));
    await acceptInvitation(u.claims, membershipId);
    memberships[u.id] = membershipId;
  }
  const team = (await getTeam(owner.claims, id))!;
  memberships[owner.id] = team.members.find((m) => m.userId === owner.id)!.membershipId;
  return { id, memberships };
}

async function storedCalculation(owner: TestUser, name: string, batchId: string | null = null): Promise<string> {
  return asService(async (db) => {
    const mol = await db.query<{ id: string }>(
      `insert into public.molecules (owner_id, name, inchikey, formula) values ($1, 'water', $2, 'H2O') returning id`,
      [owner.id, `${'A'.repeat(14)}-${randomBytes(5).toString('hex').toUpperCase().replace(/[0-9]/g, 'C')}-N`],
    );
    const { rows } = await db.query<{ id: string }>(
      `insert into public.calculations (molecule_id, owner_id, batch_id, name, input_xyz, input_hash, status, total_energy)
       values ($1, $2, $3, $4, $5, $6, 'succeeded', -5.07) returning id`,
      [mol.rows[0]!.id, owner.id, batchId, name, WATER, randomBytes(32).toString('hex')],
    );
    return rows[0]!.id;
  });
}

const resultsOf = async (u: TestUser, q: string) =>
  (await listCalculations(u.claims, parseResultsQuery({ size: '100', q }), 'hartree')).items.map((i) => ({ name: i.moleculeName, sharedBy: i.sharedBy }));

let owner: TestUser;
let colleague: TestUser;

beforeAll(async () => {
  owner = await user('Olive Owner');
  colleague = await user('Colin Colleague');
});

afterAll(async () => {
  const ids = users.map((u) => u.id);
  await asService(async (db) => {
    await db.query(`delete from public.organizations where created_by = any ($1::uuid[])`, [ids]);
    await db.query(`delete from public.calculations where owner_id = any ($1::uuid[])`, [ids]);
  });
  await getPool().query(`delete from auth.users where id = any ($1::uuid[])`, [ids]);
  await closePool();
});

describe('teams', () => {
  it('the creator owns a new team; a viewer cannot create one', async () => {
    const { id } = await createTeam(owner.claims, { name: 'Spectroscopy' });
    expect((await listMyTeams(owner.claims)).find((t) => t.id === id)).toEqual({ id, name: 'Spectroscopy', role: 'owner', memberCount: 1 });
    const viewer = await user('viewer', 'viewer');
    expect((await refusal(createTeam(viewer.claims, { name: 'Nope' }))).message).toBe('Your role does not allow creating teams.');
  });

  it('an invitation enrols nobody: the invitee sees it, accepts or declines; the team sees only the address until then', async () => {
    const { id } = await teamOf(owner);
    const invitee = await user('Ivy Invitee');
    const { membershipId } = await inviteMember(owner.claims, inviteSchema.parse({ teamId: id, email: ` ${invitee.email.toUpperCase()} `, role: 'member' }));

    expect(await listMyInvitations(invitee.claims)).toEqual([expect.objectContaining({ membershipId, teamId: id, role: 'member', invitedBy: 'Olive Owner' })]);
    expect(await listMyTeams(invitee.claims)).toEqual([]);
    expect(await getTeam(invitee.claims, id)).toBeNull(); // no roster before accepting
    const seenByOwner = (await getTeam(owner.claims, id))!;
    expect(seenByOwner.members.map((m) => m.userId)).toEqual([owner.id]);
    expect(seenByOwner.invitations).toEqual([expect.objectContaining({ membershipId, email: invitee.email, role: 'member' })]);

    // Nobody else accepts for them.
    expect((await refusal(acceptInvitation(owner.claims, membershipId))).code).toBe('NOT_FOUND');
    await acceptInvitation(invitee.claims, membershipId);
    expect((await listMyTeams(invitee.claims)).map((t) => [t.id, t.role])).toEqual([[id, 'member']]);
    expect((await getTeam(owner.claims, id))!.invitations).toEqual([]);

    const other = await user('Dee Decliner');
    const second = await inviteMember(owner.claims, { teamId: id, email: other.email, role: 'viewer' });
    await declineInvitation(other.claims, second.membershipId);
    expect(await listMyInvitations(other.claims)).toEqual([]);
    expect((await getTeam(owner.claims, id))!.members.some((m) => m.userId === other.id)).toBe(false);

    const third = await inviteMember(owner.claims, { teamId: id, email: other.email, role: 'member' });
    await withdrawInvitation(owner.claims, third.membershipId);
    expect(await listMyInvitations(other.claims)).toEqual([]);
  });

  it('inviting says why it cannot, in words', async () => {
    const member = await user('Mo Member');
    const { id } = await teamOf(owner, [[member, 'member']]);
    const unknown = await refusal(inviteMember(owner.claims, { teamId: id, email: `nobody-${randomBytes(4).toString('hex')}@example.test`, role: 'member' }));
    expect(unknown).toMatchObject({ code: 'NOT_FOUND', message: NO_ACCOUNT_MESSAGE, fieldErrors: { email: [NO_ACCOUNT_MESSAGE] } });
    const twice = await refusal(inviteMember(owner.claims, { teamId: id, email: member.email, role: 'member' }));
    expect(twice).toMatchObject({ code: 'CONFLICT', message: 'That person is already in the team or has an open invitation to it.' });
    const byMember = await refusal(inviteMember(member.claims, { teamId: id, email: colleague.email, role: 'member' }));
    expect(byMember).toMatchObject({ code: 'FORBIDDEN', message: 'Only team owners and admins invite people to a team.' });
    expect(inviteSchema.safeParse({ teamId: id, email: 'not an address', role: 'member' }).success).toBe(false);
  });

  it('a team admin manages members but neither demotes nor removes an owner; the last owner stays', async () => {
    const admin = await user('Ada Admin');
    const member = await user('Max Member');
    const { id, memberships } = await teamOf(owner, [
      [admin, 'admin'],
      [member, 'member'],
    ]);
    await changeMemberRole(admin.claims, memberships[member.id]!, 'viewer');
    expect((await getTeam(owner.claims, id))!.members.find((m) => m.userId === member.id)!.role).toBe('viewer');

    expect(await refusal(changeMemberRole(admin.claims, memberships[owner.id]!, 'member'))).toMatchObject({
      code: 'FORBIDDEN',
      message: "Only a team owner can make someone an owner or change an owner's role.",
    });
    expect(await refusal(removeMember(admin.claims, memberships[owner.id]!))).toMatchObject({
      code: 'FORBIDDEN',
      message: 'Only a team owner can remove an owner.',
    });
    expect(await refusal(changeMemberRole(admin.claims, memberships[member.id]!, 'owner'))).toMatchObject({ code: 'FORBIDDEN' });
    // A plain member changes nothing (the rows are not theirs to change).
    expect((await refusal(removeMember(member.claims, memberships[admin.id]!))).code).toBe('NOT_FOUND');

    expect(await refusal(changeMemberRole(owner.claims, memberships[owner.id]!, 'admin'))).toMatchObject({
      code: 'CONFLICT',
      message: 'A team keeps at least one owner: make another member owner first.',
    });
    expect(await refusal(leaveTeam(owner.claims, id))).toMatchObject({ code: 'CONFLICT', message: expect.stringMatching(/keeps at least one owner/) });

    // With a second owner, the first may leave.
    await changeMemberRole(owner.claims, memberships[admin.id]!, 'owner');
    await removeMember(admin.claims, memberships[member.id]!);
    await leaveTeam(owner.claims, id);
    expect((await getTeam(admin.claims, id))!.members.map((m) => [m.userId, m.role])).toEqual([[admin.id, 'owner']]);
  });
});

describe('sharing', () => {
  it('a shared calculation shows in the member’s results marked with its owner, read only, until unshared', async () => {
    const viewerMember = await user('Vic Viewer');
    const { id } = await teamOf(owner, [
      [colleague, 'member'],
      [viewerMember, 'viewer'],
    ]);
    const name = `shared-${randomBytes(3).toString('hex')}`;
    const calc = await storedCalculation(owner, name);
    expect(await resultsOf(colleague, name)).toEqual([]);

    const before = (await getSharing(owner.claims, 'calculation', calc))!;
    expect(before).toMatchObject({ ownedByMe: true, team: null });
    expect(before.targets.map((t) => t.id)).toContain(id);
    await shareItem(owner.claims, { kind: 'calculation', id: calc, teamId: id });

    for (const u of [colleague, viewerMember]) expect(await resultsOf(u, name)).toEqual([{ name, sharedBy: 'Olive Owner' }]);
    expect(await resultsOf(owner, name)).toEqual([{ name, sharedBy: null }]); // one's own is not "shared with me"
    expect(await getSharing(colleague.claims, 'calculation', calc)).toMatchObject({
      ownedByMe: false,
      sharedWithMe: true,
      ownerName: 'Olive Owner',
      team: { id },
      targets: [],
    });
    const globalAdmin = await user('Gil Admin', 'admin');
    expect(await getSharing(globalAdmin.claims, 'calculation', calc)).toMatchObject({ ownedByMe: false, sharedWithMe: false, ownerName: 'Olive Owner' });

    expect(await refusal(shareItem(colleague.claims, { kind: 'calculation', id: calc, teamId: null }))).toMatchObject({
      code: 'FORBIDDEN',
      message: 'Only the owner of this calculation can share it or stop sharing it.',
    });
    await shareItem(owner.claims, { kind: 'calculation', id: calc, teamId: null });
    expect(await resultsOf(colleague, name)).toEqual([]);
    expect(await refusal(shareItem(colleague.claims, { kind: 'calculation', id: calc, teamId: id }))).toMatchObject({
      code: 'NOT_FOUND',
      message: 'No such calculation.',
    });
  });

  it('a team viewer reruns a shared calculation as a private calculation of their own; the original is untouched', async () => {
    const viewerMember = await user('Val Viewer');
    const { id } = await teamOf(owner, [[viewerMember, 'viewer']]);
    const calc = await storedCalculation(owner, `rerun-${randomBytes(3).toString('hex')}`);
    await shareItem(owner.claims, { kind: 'calculation', id: calc, teamId: id });

    const rerun = await rerunCalculation({ id: viewerMember.id, role: 'researcher', claims: viewerMember.claims }, calc, { task: 'sp' });
    const rows = await asService(async (db) => {
      const { rows } = await db.query<{ id: string; owner_id: string; organization_id: string | null; molecule_owner: string }>(
        `select c.id, c.owner_id, c.organization_id, m.owner_id as molecule_owner
           from public.calculations c join public.molecules m on m.id = c.molecule_id where c.id = any($1::uuid[]) order by c.id = $2 desc`,
        [[calc, rerun.calculationId], calc],
      );
      return rows;
    });
    expect(rows).toEqual([
      { id: calc, owner_id: owner.id, organization_id: id, molecule_owner: owner.id },
      { id: rerun.calculationId, owner_id: viewerMember.id, organization_id: null, molecule_owner: viewerMember.id },
    ]);
  });

  it('only into a team where the owner is owner, admin or member', async () => {
    const { id: theirs } = await teamOf(colleague);
    const calc = await storedCalculation(owner, 'not theirs');
    expect(await refusal(shareItem(owner.claims, { kind: 'calculation', id: calc, teamId: theirs }))).toMatchObject({
      code: 'FORBIDDEN',
      message: 'You can share only with a team in which you are an owner, admin or member.',
    });
    const { id: mine } = await teamOf(colleague, [[owner, 'viewer']]);
    expect((await refusal(shareItem(owner.claims, { kind: 'calculation', id: calc, teamId: mine }))).code).toBe('FORBIDDEN');
  });

  it('a shared batch shows in /batches marked and shares its calculations; leaving takes it back', async () => {
    const member = await user('Bea Batchreader');
    const { id: team, memberships } = await teamOf(owner, [[member, 'member']]);
    const batch = await asService(
      async (db) =>
        (await db.query<{ id: string }>(`insert into public.batch_jobs (owner_id, name) values ($1, 'screen') returning id`, [owner.id])).rows[0]!.id,
    );
    const name = `in-batch-${randomBytes(3).toString('hex')}`;
    await storedCalculation(owner, name, batch);
    await shareItem(owner.claims, { kind: 'batch', id: batch, teamId: team });
    expect((await listBatches(member.claims)).filter((b) => b.id === batch).map((b) => b.sharedBy)).toEqual(['Olive Owner']);
    expect((await listBatches(owner.claims)).find((b) => b.id === batch)!.sharedBy).toBeNull();
    expect(await resultsOf(member, name)).toEqual([{ name, sharedBy: 'Olive Owner' }]);

    // The member shares a calculation of their own, then leaves: it is unshared, and they see nothing of the team's.
    const mine = `mine-${randomBytes(3).toString('hex')}`;
    const own = await storedCalculation(member, mine);
    await shareItem(member.claims, { kind: 'calculation', id: own, teamId: team });
    expect(await resultsOf(owner, mine)).toEqual([{ name: mine, sharedBy: 'Bea Batchreader' }]);
    await leaveTeam(member.claims, team);
    expect(memberships[member.id]).toBeDefined();
    expect(await resultsOf(owner, mine)).toEqual([]);
    expect(await resultsOf(member, name)).toEqual([]);
    expect((await listBatches(member.claims)).some((b) => b.id === batch)).toBe(false);
  });
});
