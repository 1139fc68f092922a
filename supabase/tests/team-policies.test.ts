// Team rules the RLS matrix cannot show with one row per table: membership starts as an invitation the
// invitee accepts, an invitee sees and shares nothing until then, owners are changed only by owners,
// and a team keeps its last owner. Each test builds its own team.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asUser, type Queryable } from '../../lib/db/as-user.ts';
import { closePool, getPool } from '../../lib/db/pool.ts';
import { asService } from '../../lib/db/service.ts';
import { createTestUser, type TestUser } from './create-test-user.ts';

interface Team {
  org: string;
  owner: TestUser;
  teamAdmin: TestUser;
  member: TestUser;
  ownerMembership: string;
  memberMembership: string;
  sharedMolecule: string;
}

let outsider: TestUser;
let globalAdmin: TestUser;
const created: string[] = [];

async function user(label: string, role?: 'admin' | 'researcher' | 'viewer'): Promise<TestUser> {
  const u = await createTestUser({ label, role });
  created.push(u.id);
  return u;
}

function inchikey(): string {
  const letters = (n: number) => Array.from({ length: n }, () => String.fromCharCode(65 + Math.floor(Math.random() * 26))).join('');
  return `${letters(14)}-${letters(10)}-N`;
}

/** A team made by `owner` (the creation trigger makes them its owner) with an active admin and member. */
async function makeTeam(): Promise<Team> {
  const [owner, teamAdmin, member] = [await user('owner'), await user('team-admin'), await user('member')];
  const org = (
    await asUser(owner.claims, (db) =>
      db.query<{ id: string }>(`insert into public.organizations (name, slug, created_by) values ('Lab', $1, $2) returning id`, [
        `lab-${randomUUID()}`,
        owner.id,
      ]),
    )
  ).rows[0]!.id;
  return asService(async (db) => {
    const add = async (u: TestUser, role: string) =>
      (await db.query<{ id: string }>(`insert into public.memberships (organization_id, user_id, role) values ($1, $2, $3) returning id`, [org, u.id, role]))
        .rows[0]!.id;
    await add(teamAdmin, 'admin');
    const memberMembership = await add(member, 'member');
    const ownerMembership = (await db.query<{ id: string }>(`select id from public.memberships where organization_id = $1 and user_id = $2`, [org, owner.id]))
      .rows[0]!.id;
    const sharedMolecule = (
      await db.query<{ id: string }>(`insert into public.molecules (owner_id, organization_id, name, inchikey) values ($1, $2, 'shared', $3) returning id`, [
        owner.id,
        org,
        inchikey(),
      ])
    ).rows[0]!.id;
    return { org, owner, teamAdmin, member, ownerMembership, memberMembership, sharedMolecule };
  });
}

/** Runs as the user; resolves to the rows, or to the refusal's SQLSTATE and message. */
async function as(u: TestUser, work: (db: Queryable) => Promise<{ rows: unknown[]; rowCount: number | null }>) {
  try {
    const result = await asUser(u.claims, work);
    return { ok: true as const, rows: result.rows as Record<string, unknown>[], rowCount: result.rowCount ?? 0 };
  } catch (error) {
    const e = error as { code?: string; message: string };
    return { ok: false as const, code: e.code, message: e.message };
  }
}

beforeAll(async () => {
  outsider = await user('outsider');
  globalAdmin = await user('global-admin', 'admin');
});

afterAll(async () => {
  await asService((db) => db.query(`delete from public.organizations where created_by = any ($1::uuid[])`, [created]));
  await getPool().query(`delete from auth.users where id = any ($1::uuid[])`, [created]);
  await closePool();
});

describe('owners', () => {
  it('a team admin can neither demote nor remove the team owner', async () => {
    const t = await makeTeam();
    const demote = await as(t.teamAdmin, (db) => db.query(`update public.memberships set role = 'member' where id = $1`, [t.ownerMembership]));
    expect(demote).toMatchObject({ ok: false, code: '42501' });
    const remove = await as(t.teamAdmin, (db) => db.query(`delete from public.memberships where id = $1`, [t.ownerMembership]));
    expect(remove).toMatchObject({ ok: false, code: '42501', message: 'Only a team owner can remove an owner.' });
    const { rows } = await getPool().query(`select role from public.memberships where id = $1`, [t.ownerMembership]);
    expect(rows).toEqual([{ role: 'owner' }]);
  });

  it('a team admin can still manage members and admins', async () => {
    const t = await makeTeam();
    expect(await as(t.teamAdmin, (db) => db.query(`update public.memberships set role = 'viewer' where id = $1`, [t.memberMembership]))).toMatchObject({
      ok: true,
      rowCount: 1,
    });
    expect(await as(t.teamAdmin, (db) => db.query(`delete from public.memberships where id = $1`, [t.memberMembership]))).toMatchObject({
      ok: true,
      rowCount: 1,
    });
  });

  it('only an owner makes an owner; with a second owner the first may step down and leave', async () => {
    const t = await makeTeam();
    expect(await as(t.teamAdmin, (db) => db.query(`update public.memberships set role = 'owner' where id = $1`, [t.memberMembership]))).toMatchObject({
      ok: false,
      code: '42501',
    });
    expect(await as(t.owner, (db) => db.query(`update public.memberships set role = 'owner' where id = $1`, [t.memberMembership]))).toMatchObject({
      ok: true,
      rowCount: 1,
    });
    expect(await as(t.owner, (db) => db.query(`update public.memberships set role = 'admin' where id = $1`, [t.ownerMembership]))).toMatchObject({
      ok: true,
      rowCount: 1,
    });
    // The new owner can remove an owner; the former owner (now a team admin) cannot remove the new one.
    expect(await as(t.owner, (db) => db.query(`delete from public.memberships where id = $1`, [t.memberMembership]))).toMatchObject({
      ok: false,
      code: '42501',
    });
  });

  it('the last owner can neither leave nor step down, not even through a global admin', async () => {
    const t = await makeTeam();
    const leave = await as(t.owner, (db) => db.query(`delete from public.memberships where id = $1`, [t.ownerMembership]));
    expect(leave).toMatchObject({ ok: false, code: 'QFM01' });
    if (!leave.ok) expect(leave.message).toMatch(/keeps at least one owner/);
    expect(await as(t.owner, (db) => db.query(`update public.memberships set role = 'admin' where id = $1`, [t.ownerMembership]))).toMatchObject({
      ok: false,
      code: 'QFM01',
    });
    expect(await as(globalAdmin, (db) => db.query(`update public.memberships set role = 'member' where id = $1`, [t.ownerMembership]))).toMatchObject({
      ok: false,
      code: 'QFM01',
    });
    expect(await as(globalAdmin, (db) => db.query(`delete from public.memberships where id = $1`, [t.ownerMembership]))).toMatchObject({
      ok: false,
      code: 'QFM01',
    });
  });

  it('a team can still be deleted, and an account that is a sole owner can still be deleted', async () => {
    const t = await makeTeam();
    expect(await as(t.owner, (db) => db.query(`delete from public.organizations where id = $1`, [t.org]))).toMatchObject({ ok: true, rowCount: 1 });
    const u = await makeTeam();
    await getPool().query(`delete from auth.users where id = $1`, [u.owner.id]);
    const { rows } = await getPool().query(`select count(*)::int as n from public.memberships where organization_id = $1`, [u.org]);
    expect(rows[0].n).toBe(2);
    await asService((db) => db.query(`delete from public.organizations where id = $1`, [u.org]));
  });
});

describe('invitations', () => {
  async function invite(t: Team, invitee: TestUser, role = 'member') {
    const result = await as(t.owner, (db) =>
      db.query(`insert into public.memberships (organization_id, user_id, role) values ($1, $2, $3) returning id, status, invited_by`, [
        t.org,
        invitee.id,
        role,
      ]),
    );
    if (!result.ok) throw new Error(result.message);
    return result.rows[0] as { id: string; status: string; invited_by: string };
  }

  it('a membership a team owner creates is an invitation from them, whatever they ask for', async () => {
    const t = await makeTeam();
    const invitee = await user('invitee');
    expect(await invite(t, invitee)).toMatchObject({ status: 'invited', invited_by: t.owner.id });
    const forced = await as(t.owner, (db) =>
      db.query(`insert into public.memberships (organization_id, user_id, role, status) values ($1, $2, 'member', 'active')`, [t.org, outsider.id]),
    );
    expect(forced).toMatchObject({ ok: false, code: '42501' });
  });

  it('an invitee sees nothing of the team but the invitation, and the team does not see the invitee', async () => {
    const t = await makeTeam();
    const invitee = await user('invitee');
    const { id } = await invite(t, invitee);

    const seen = await asUser(invitee.claims, async (db) => ({
      molecules: (await db.query(`select id from public.molecules where id = $1`, [t.sharedMolecule])).rowCount,
      memberships: (await db.query(`select user_id from public.memberships where organization_id = $1`, [t.org])).rows.map((r) => r.user_id),
      profiles: (await db.query(`select id from public.profiles where id = any ($1::uuid[])`, [[t.owner.id, t.member.id]])).rowCount,
      team: (await db.query(`select name from public.organizations where id = $1`, [t.org])).rows,
      invitations: (await db.query(`select organization_name, role, invited_by_name from public.my_invitations()`)).rows,
    }));
    expect(seen).toEqual({
      molecules: 0,
      memberships: [invitee.id],
      profiles: 0,
      team: [{ name: 'Lab' }],
      invitations: [{ organization_name: 'Lab', role: 'member', invited_by_name: 'owner' }],
    });
    // Nothing can be shared with a team one has not joined.
    const share = await as(invitee, (db) =>
      db.query(`insert into public.molecules (owner_id, organization_id, name, inchikey) values ($1, $2, 'm', $3)`, [invitee.id, t.org, inchikey()]),
    );
    expect(share).toMatchObject({ ok: false, code: '42501' });
    // The inviter sees the invitation and the address invited, not the invitee's profile.
    expect(await as(t.owner, (db) => db.query(`select id from public.profiles where id = $1`, [invitee.id]))).toMatchObject({ ok: true, rowCount: 0 });
    expect(await as(t.owner, (db) => db.query(`select membership_id, email from public.organization_invitations($1)`, [t.org]))).toMatchObject({
      ok: true,
      rows: [{ membership_id: id, email: invitee.email }],
    });
    expect(await as(t.member, (db) => db.query(`select email from public.organization_invitations($1)`, [t.org]))).toMatchObject({ ok: true, rowCount: 0 });

    // After accepting, the team's shared rows and the teammates are visible both ways.
    expect(await as(invitee, (db) => db.query(`update public.memberships set status = 'active' where id = $1`, [id]))).toMatchObject({ ok: true, rowCount: 1 });
    expect(await as(invitee, (db) => db.query(`select id from public.molecules where id = $1`, [t.sharedMolecule]))).toMatchObject({ rowCount: 1 });
    expect(await as(t.owner, (db) => db.query(`select id from public.profiles where id = $1`, [invitee.id]))).toMatchObject({ rowCount: 1 });
  });

  it('only the invitee accepts, and accepting does not change the role offered', async () => {
    const t = await makeTeam();
    const invitee = await user('invitee');
    const { id } = await invite(t, invitee, 'viewer');
    for (const someone of [t.owner, t.teamAdmin, globalAdmin]) {
      expect(await as(someone, (db) => db.query(`update public.memberships set status = 'active' where id = $1`, [id]))).toMatchObject({
        ok: false,
        code: '42501',
      });
    }
    expect(await as(invitee, (db) => db.query(`update public.memberships set status = 'active', role = 'owner' where id = $1`, [id]))).toMatchObject({
      ok: false,
      code: '42501',
    });
    expect(await as(invitee, (db) => db.query(`update public.memberships set status = 'active' where id = $1 returning role, status`, [id]))).toMatchObject({
      ok: true,
      rows: [{ role: 'viewer', status: 'active' }],
    });
  });

  it('an invitee may decline (the invitation is deleted)', async () => {
    const t = await makeTeam();
    const invitee = await user('invitee');
    const { id } = await invite(t, invitee);
    expect(await as(invitee, (db) => db.query(`delete from public.memberships where id = $1`, [id]))).toMatchObject({ ok: true, rowCount: 1 });
  });

  it('invite by e-mail: owners and admins only, an owner invitation from an owner only, with clear refusals', async () => {
    const t = await makeTeam();
    const invitee = await user('invitee');
    const byEmail = (u: TestUser, email: string, role = 'member') =>
      as(u, (db) => db.query(`select public.invite_to_organization($1, $2, $3) as id`, [t.org, email, role]));
    expect(await byEmail(t.member, invitee.email)).toMatchObject({ ok: false, code: '42501' });
    expect(await byEmail(t.teamAdmin, invitee.email, 'owner')).toMatchObject({ ok: false, code: '42501' });
    expect(await byEmail(t.teamAdmin, `nobody-${randomUUID()}@example.test`)).toMatchObject({
      ok: false,
      code: 'QFM02',
      message: 'No account uses that e-mail address.',
    });
    const made = await byEmail(t.teamAdmin, invitee.email.toUpperCase());
    expect(made.ok).toBe(true);
    const { rows } = await getPool().query(`select user_id, status, invited_by from public.memberships where organization_id = $1 and user_id = $2`, [
      t.org,
      invitee.id,
    ]);
    expect(rows).toEqual([{ user_id: invitee.id, status: 'invited', invited_by: t.teamAdmin.id }]);
    expect(await byEmail(t.owner, invitee.email)).toMatchObject({ ok: false, code: 'QFM03' });
  });
});
