// user_sessions against the real PostgreSQL: RLS isolation, revision ordering (also under
// concurrency), refusal of oversized and malformed states, restore, and expiry clean-up.
import { describe, expect, it } from 'vitest';
import { asUser } from '../db/as-user.ts';
import { createTestUser, type TestUser } from '../../supabase/tests/create-test-user.ts';
import { useSuperuserClient } from '../../supabase/tests/superuser-client.ts';
import { cleanupExpiredSessions, loadUiState, saveUiState, SessionStateError } from './session-store.ts';
import { defaultUiState, MAX_UI_STATE_BYTES, type UiState } from './ui-state.ts';

const SEEDED_MOLECULE = '00000000-0000-4000-c000-000000000001'; // the demo researcher's water

function stateWith(patch: Partial<UiState> & { xyz?: string; smiles?: string }): UiState {
  const { xyz, smiles, ...rest } = patch;
  const base = defaultUiState();
  return {
    ...base,
    ...rest,
    editor: { ...base.editor, ...(rest.editor ?? {}), ...(xyz !== undefined ? { xyz } : {}), ...(smiles !== undefined ? { smiles } : {}) },
  };
}

describe('user_sessions', () => {
  let alice: TestUser;
  let bob: TestUser;
  const admin = useSuperuserClient(async () => {
    [alice, bob] = await Promise.all([createTestUser({ label: 'alice' }), createTestUser({ label: 'bob', role: 'viewer' })]);
  });

  it('restores nothing for a user who never saved', async () => {
    const loaded = await loadUiState(alice.claims);
    expect(loaded.revision).toBe(0);
    expect(loaded.state).toEqual(defaultUiState());
  });

  it('saves and restores the whole state', async () => {
    const state = stateWith({
      currentView: 'editor',
      editor: {
        smiles: 'CCO',
        xyz: '3\nwater\nO 0 0 0.1173\nH 0 0.7572 -0.4692\nH 0 -0.7572 -0.4692\n',
        molfile: '',
        name: 'ethanol',
        inputFormat: 'xyz',
        params: { method: 'gfn2', task: 'opt', charge: '-', solvationModel: 'alpb', solvent: 'water' },
      },
      sidebar: { collapsed: true, sections: { filters: true } },
      tabs: { settings: 'api-keys' },
      lists: {
        results: { filters: { status: ['succeeded'], q: 'caffeine' }, sort: { column: 'created_at', direction: 'desc' }, pageSize: 50 },
        batches: { filters: {}, sort: null, pageSize: null },
      },
      ui: { viewerStyle: 'ball-stick', showHydrogens: false },
      recentMolecules: ['6f1c2a7e-1d2b-4c3d-8e4f-5a6b7c8d9e0f'],
      favouriteCalculations: ['7f1c2a7e-1d2b-4c3d-8e4f-5a6b7c8d9e0f'],
      pinnedBatches: [],
      searchHistory: ['caffeine', 'C8H10N4O2'],
      dismissedNotices: ['welcome'],
      drafts: [
        { id: 'd1', updatedAt: '2026-11-23T10:00:00.000Z', smiles: 'c1ccccc1', xyz: '', molfile: '', name: 'benzene', inputFormat: 'smiles', params: {} },
      ],
    });
    expect(await saveUiState(alice.claims, { revision: 1_000, state })).toEqual({ status: 'saved', revision: 1_000 });
    const loaded = await loadUiState(alice.claims);
    expect(loaded.revision).toBe(1_000);
    expect(loaded.state).toEqual(state);
  });

  it('keeps two users apart (RLS)', async () => {
    await saveUiState(bob.claims, { revision: 5, state: stateWith({ smiles: 'bob' }) });
    expect((await loadUiState(alice.claims)).state.editor.smiles).toBe('CCO');
    expect((await loadUiState(bob.claims)).state.editor.smiles).toBe('bob');

    // Bob, querying directly under RLS, sees and changes only his own row.
    const seen = await asUser(bob.claims, async (db) => {
      const rows = await db.query<{ user_id: string }>('select user_id from public.user_sessions');
      const update = await db.query('update public.user_sessions set revision = revision + 1000000 where user_id = $1', [alice.id]);
      const del = await db.query('delete from public.user_sessions where user_id = $1', [alice.id]);
      return { ids: rows.rows.map((r) => r.user_id), updated: update.rowCount, deleted: del.rowCount };
    });
    expect(seen).toEqual({ ids: [bob.id], updated: 0, deleted: 0 });
    // Nor can he insert a row in Alice's name.
    await expect(
      asUser(bob.claims, (db) => db.query(`insert into public.user_sessions (user_id, revision) values ($1, 99999999)`, [alice.id])),
    ).rejects.toThrow();
    expect((await loadUiState(alice.claims)).revision).toBe(1_000);
  });

  it('refuses an older save that arrives late and keeps the newer state', async () => {
    const user = await createTestUser({ label: 'order' });
    expect(await saveUiState(user.claims, { revision: 200, state: stateWith({ smiles: 'newer' }) })).toEqual({ status: 'saved', revision: 200 });
    expect(await saveUiState(user.claims, { revision: 100, state: stateWith({ smiles: 'older' }) })).toEqual({ status: 'stale', revision: 200 });
    // A repeated save (same revision) changes nothing either: saves are idempotent.
    expect(await saveUiState(user.claims, { revision: 200, state: stateWith({ smiles: 'replayed' }) })).toEqual({ status: 'stale', revision: 200 });
    const loaded = await loadUiState(user.claims);
    expect(loaded.revision).toBe(200);
    expect(loaded.state.editor.smiles).toBe('newer');
  });

  it('keeps the newest of many concurrent saves in any arrival order', async () => {
    const user = await createTestUser({ label: 'race' });
    const revisions = Array.from({ length: 40 }, (_, i) => 10 + i * 7);
    const shuffled = [...revisions].sort(() => Math.random() - 0.5);
    const results = await Promise.all(shuffled.map((revision) => saveUiState(user.claims, { revision, state: stateWith({ smiles: `r${revision}` }) })));
    const max = Math.max(...revisions);
    expect(results.filter((r) => r.status === 'saved').length).toBeGreaterThanOrEqual(1);
    const loaded = await loadUiState(user.claims);
    expect(loaded.revision).toBe(max);
    expect(loaded.state.editor.smiles).toBe(`r${max}`);
  });

  it('has a database guard as well: a direct update to an older revision fails', async () => {
    await expect(
      asUser(alice.claims, (db) => db.query('update public.user_sessions set revision = 1 where user_id = (select auth.uid())')),
    ).rejects.toMatchObject({ code: 'QF409' });
  });

  it('refuses an oversized state with a clear error and keeps the previous one', async () => {
    const before = await loadUiState(alice.claims);
    const big = 'H 0.000000 0.000000 0.000000\n'.repeat(4_000); // ≈ 116 KiB: fits one field, not three
    const state = stateWith({ xyz: big, editor: { ...defaultUiState().editor, xyz: big, molfile: big } });
    state.drafts = [{ ...state.editor, id: 'd', updatedAt: '2026-11-23T10:00:00Z' }];
    const error = await saveUiState(alice.claims, { revision: 2_000, state }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionStateError);
    expect((error as SessionStateError).kind).toBe('too_large');
    expect((error as Error).message).toMatch(new RegExp(`too large.*limit is ${MAX_UI_STATE_BYTES / 1024} KiB`));
    expect(await loadUiState(alice.claims)).toEqual(before);
  });

  it.each([
    ['a field of the wrong type', { ...defaultUiState(), editor: 'CCO' }, /editor/],
    ['an unknown field', { ...defaultUiState(), password: 'x' }, /malformed/],
    ['a bad id', { ...defaultUiState(), activeMoleculeId: 'not-a-uuid' }, /activeMoleculeId/],
    ['an unknown view', { ...defaultUiState(), currentView: '../../etc' }, /currentView/],
    ['a structure text over its limit', stateWith({ xyz: 'x'.repeat(200 * 1024) }), /editor\.xyz/],
    [
      'too many drafts',
      { ...defaultUiState(), drafts: Array.from({ length: 30 }, (_, i) => ({ ...defaultUiState().editor, id: `d${i}`, updatedAt: '2026-11-23T10:00:00Z' })) },
      /drafts/,
    ],
    ['not an object', 'hello', /malformed/],
    ['null', null, /malformed/],
  ])('refuses a malformed state (%s) and keeps the previous one', async (_label, state, message) => {
    const before = await loadUiState(alice.claims);
    const error = await saveUiState(alice.claims, { revision: 3_000, state }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SessionStateError);
    expect((error as Error).message).toMatch(message);
    expect(await loadUiState(alice.claims)).toEqual(before);
  });

  it('refuses a revision that is not a positive safe integer', async () => {
    for (const revision of [0, -5, 1.5, Number.MAX_SAFE_INTEGER + 2]) {
      await expect(saveUiState(alice.claims, { revision, state: defaultUiState() })).rejects.toBeInstanceOf(SessionStateError);
    }
  });

  it('backs the limits with CHECK constraints in the database', async () => {
    await expect(
      asUser(alice.claims, (db) =>
        db.query(`update public.user_sessions set revision = revision + 1, editor_content = '"text"'::jsonb where user_id = (select auth.uid())`),
      ),
    ).rejects.toMatchObject({ code: '23514' });
  });

  it('keeps an active molecule only when the user can see it', async () => {
    const researcher = { sub: '00000000-0000-4000-a000-000000000002', role: 'authenticated', email: 'researcher@quantumforge.local' };
    const user = await createTestUser({ label: 'stranger' });
    await saveUiState(user.claims, { revision: 10, state: stateWith({ activeMoleculeId: SEEDED_MOLECULE }) });
    expect((await loadUiState(user.claims)).state.activeMoleculeId).toBeNull();
    const rev = Date.now() * 1000;
    await saveUiState(researcher, { revision: rev, state: stateWith({ activeMoleculeId: SEEDED_MOLECULE }) });
    expect((await loadUiState(researcher)).state.activeMoleculeId).toBe(SEEDED_MOLECULE);
  });

  it('restores leniently: a stored part that no longer validates falls back to its default', async () => {
    const user = await createTestUser({ label: 'lenient' });
    await saveUiState(user.claims, { revision: 10, state: stateWith({ smiles: 'CCO', tabs: { settings: 'api-keys' } }) });
    await admin.query(
      `update public.user_sessions set revision = 11, tab_state = '{"bad key!": 1}', editor_content = editor_content || '{"inputFormat": "pdf"}' where user_id = $1`,
      [user.id],
    );
    const loaded = await loadUiState(user.claims);
    expect(loaded.state.tabs).toEqual({});
    expect(loaded.state.editor.smiles).toBe('CCO');
    expect(loaded.state.editor.inputFormat).toBe('smiles');
  });

  it('extends the expiry on save, ignores expired sessions and cleans them up', async () => {
    const user = await createTestUser({ label: 'expiry' });
    await saveUiState(user.claims, { revision: 10, state: stateWith({ smiles: 'C' }) });
    const { rows } = await admin.query<{ days: number }>(
      `select extract(epoch from expires_at - now()) / 86400 as days from public.user_sessions where user_id = $1`,
      [user.id],
    );
    expect(Number(rows[0]!.days)).toBeGreaterThan(6.99);

    await admin.query(
      `update public.user_sessions set revision = 11, last_activity = now() - interval '8 days', expires_at = now() - interval '1 day' where user_id = $1`,
      [user.id],
    );
    expect((await loadUiState(user.claims)).revision).toBe(0); // expired: a fresh start
    const { deleted } = await cleanupExpiredSessions();
    expect(deleted).toBeGreaterThanOrEqual(1);
    const left = await admin.query('select 1 from public.user_sessions where user_id = $1', [user.id]);
    expect(left.rowCount).toBe(0);
    // Live sessions stay.
    expect((await loadUiState(alice.claims)).revision).toBe(1_000);
  });
});
