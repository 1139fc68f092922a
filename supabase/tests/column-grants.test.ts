// What a signed-in user (role authenticated) may write, column by column: the database's effective
// privileges (has_column_privilege counts table-level grants, column grants and grants to PUBLIC)
// must equal this allow-list. A migration that widens a grant fails here until the list says why.
// Row-level security decides which rows; this decides which columns.
import { randomBytes } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { asUser } from '../../lib/db/as-user.ts';
import { asService } from '../../lib/db/service.ts';
import { createTestUser, type TestUser } from './create-test-user.ts';
import { useSuperuserClient } from './superuser-client.ts';

type Grants = Record<string, { insert?: string[]; update?: string[] }>;

/** A table whose row is written as a whole: every updatable column is insertable, plus the key set once (the owner). */
const insertAlsoSets = (update: string[], ...insertOnly: string[]) => ({ insert: [...update, ...insertOnly], update });

const ALLOWED: Grants = {
  profiles: { update: ['display_name', 'role'] }, // role: admins only, by trigger
  organizations: { insert: ['created_by', 'description', 'id', 'name', 'slug'], update: ['description', 'name', 'slug'] },
  memberships: { insert: ['organization_id', 'role', 'user_id'], update: ['role', 'status'] }, // status: the invitee accepts
  molecules: {
    insert: [
      'atom_count',
      'canonical_smiles',
      'formula',
      'geometry_hash',
      'id',
      'inchikey',
      'input_smiles',
      'input_xyz',
      'metadata',
      'name',
      'net_charge',
      'organization_id',
      'owner_id',
      'source_format',
    ],
    update: ['metadata', 'name', 'organization_id', 'updated_at'],
  },
  molecule_properties_computed: insertAlsoSets(
    [
      'aromatic_ring_count',
      'computed_with',
      'exact_mass',
      'fraction_csp3',
      'hba',
      'hbd',
      'heavy_atom_count',
      'logp',
      'molar_refractivity',
      'molecular_weight',
      'ring_count',
      'rotatable_bonds',
      'tpsa',
    ],
    'molecule_id',
  ),
  // A staged upload (preview before create): the analysed rows are the uploader's input.
  batch_uploads: { insert: ['charge_default', 'duplicate_rows', 'file_name', 'format', 'invalid_rows', 'total_rows', 'uhf_default'] },
  batch_upload_rows: {
    insert: [
      'atom_count',
      'canonical_smiles',
      'duplicate_rows',
      'formula',
      'geometry_hash',
      'identity_hash',
      'inchikey',
      'input_smiles',
      'input_xyz',
      'metadata',
      'molecular_weight',
      'name',
      'net_charge',
      'position',
      'source_format',
      'source_row',
      'uhf',
      'upload_id',
    ],
  },
  batch_jobs: {
    insert: ['description', 'id', 'name', 'organization_id', 'owner_id', 'parameters', 'source_filename'],
    update: ['cancel_requested', 'description', 'name', 'organization_id'],
  },
  batch_items: {
    insert: [
      'batch_id',
      'calculation_id',
      'duplicate_rows',
      'error_message',
      'error_type',
      'id',
      'input_name',
      'input_text',
      'molecule_id',
      'position',
      'source_row',
      'status',
    ],
    update: ['calculation_id', 'error_message', 'error_type', 'molecule_id', 'status'],
  },
  // Inputs only: status, results, timings and the pg-boss job id belong to the pipeline.
  calculations: {
    insert: [
      'accuracy',
      'batch_id',
      'charge',
      'etemp',
      'id',
      'input_format',
      'input_hash',
      'input_smiles',
      'input_xyz',
      'max_opt_cycles',
      'max_scf_iterations',
      'method',
      'molecule_id',
      'name',
      'opt_level',
      'organization_id',
      'owner_id',
      'solvation_model',
      'solvent',
      'task',
      'timeout_seconds',
      'uhf',
    ],
    update: ['cancel_requested', 'organization_id'],
  },
  user_sessions: insertAlsoSets(
    [
      'active_batch_id',
      'active_calculation_id',
      'active_molecule_id',
      'client_updated_at',
      'current_view',
      'dismissed_notices',
      'drafts',
      'editor_content',
      'expires_at',
      'favorite_calculations',
      'filters',
      'last_activity',
      'pinned_batches',
      'recent_molecules',
      'revision',
      'search_history',
      'sidebar_state',
      'tab_state',
      'theme',
      'ui_preferences',
    ],
    'user_id',
  ),
  user_preferences: insertAlsoSets(
    [
      'calculation_defaults',
      'display_precision',
      'email_notifications',
      'energy_unit',
      'language',
      'notify_on_completion',
      'notify_on_failure',
      'quantity_display',
      'theme',
      'webhook_enabled',
      'webhook_url_ciphertext',
    ],
    'user_id',
  ),
  api_keys: { insert: ['expires_at', 'key_hash', 'name', 'prefix', 'scopes', 'user_id'], update: ['name', 'revoked_at'] },
  usage_limits: { insert: ['name', 'user_id', 'value'], update: ['value'] }, // global admins only, by policy
};

describe('what authenticated may write', () => {
  let owner: TestUser;
  let teammate: TestUser;
  let calculation: string;
  let molecule: string;

  const client = useSuperuserClient(async () => {
    owner = await createTestUser({ label: 'grants-owner' });
    teammate = await createTestUser({ label: 'grants-teammate' });
    await asService(async (db) => {
      molecule = (
        await db.query(`insert into public.molecules (owner_id, name, geometry_hash, source_format) values ($1, 'w', $2, 'xyz') returning id`, [
          owner.id,
          randomBytes(32).toString('hex'),
        ])
      ).rows[0].id;
      calculation = (
        await db.query(
          `insert into public.calculations (molecule_id, owner_id, status, job_id, input_smiles) values ($1, $2, 'failed', 'job-of-owner', 'O') returning id`,
          [molecule, owner.id],
        )
      ).rows[0].id;
    });
  });

  // Runs before the fixture closes the connection (after-hooks run last registered first).
  afterAll(async () => {
    await client.query(`delete from auth.users where id = any ($1::uuid[])`, [[owner.id, teammate.id]]);
  });

  it('is exactly the allow-list, table by table and column by column', async () => {
    const { rows } = await client.query<{ relname: string; attname: string; ins: boolean; upd: boolean }>(
      `select c.relname, a.attname,
              has_column_privilege('authenticated', c.oid, a.attnum, 'INSERT') as ins,
              has_column_privilege('authenticated', c.oid, a.attnum, 'UPDATE') as upd
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
         join pg_attribute a on a.attrelid = c.oid and a.attnum > 0 and not a.attisdropped
        where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'f')
        order by c.relname, a.attname`,
    );
    const actual: Grants = {};
    for (const r of rows) {
      if (r.ins) ((actual[r.relname] ??= {}).insert ??= []).push(r.attname);
      if (r.upd) ((actual[r.relname] ??= {}).update ??= []).push(r.attname);
    }
    const sorted = (g: Grants) =>
      Object.fromEntries(Object.entries(g).map(([t, p]) => [t, Object.fromEntries(Object.entries(p).map(([k, cols]) => [k, [...cols].sort()]))]));
    expect(sorted(actual)).toEqual(sorted(ALLOWED));
  });

  it('never includes TRUNCATE (which skips row-level security), REFERENCES or TRIGGER', async () => {
    const { rows } = await client.query<{ relname: string; privilege: string }>(
      `select c.relname, p.privilege
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
         cross join unnest(array['TRUNCATE', 'REFERENCES', 'TRIGGER']) as p(privilege)
        where n.nspname = 'public' and c.relkind in ('r', 'p', 'v', 'm', 'f')
          and has_table_privilege('authenticated', c.oid, p.privilege)`,
    );
    expect(rows).toEqual([]);
  });

  it('a user can neither submit nor change a calculation with a job id of their choosing', async () => {
    const code = (work: () => Promise<unknown>) =>
      work().then(
        () => 'accepted',
        (e: { code?: string }) => e.code,
      );
    expect(
      await code(() =>
        asUser(owner.claims, (db) =>
          db.query(`insert into public.calculations (molecule_id, owner_id, job_id) values ($1, $2, 'a-teammates-job')`, [molecule, owner.id]),
        ),
      ),
    ).toBe('42501');
    expect(
      await code(() => asUser(owner.claims, (db) => db.query(`update public.calculations set job_id = 'a-teammates-job' where id = $1`, [calculation]))),
    ).toBe('42501');
    const { rows } = await client.query(`select job_id from public.calculations where id = $1`, [calculation]);
    expect(rows).toEqual([{ job_id: 'job-of-owner' }]);
  });
});
