-- Demo accounts (local stack only, and only when asked: `npm start -- --demo` or QF_DEMO_ACCOUNTS=1;
-- refused when the app listens beyond loopback, since the password below is published):
-- three accounts, one team, two molecules.
--   admin@quantumforge.local       admin
--   researcher@quantumforge.local  researcher (owns the molecules, owner of the demo team)
--   viewer@quantumforge.local      viewer (member of the demo team with the team role viewer)
-- Password for all three: demo-password-123

insert into auth.users (
  instance_id, id, aud, role, email, encrypted_password, email_confirmed_at,
  confirmation_token, recovery_token, email_change_token_new, email_change,
  raw_app_meta_data, raw_user_meta_data, created_at, updated_at
)
select
  '00000000-0000-0000-0000-000000000000'::uuid, u.id, 'authenticated', 'authenticated', u.email,
  extensions.crypt('demo-password-123', extensions.gen_salt('bf')), now(),
  '', '', '', '',
  '{"provider": "email", "providers": ["email"]}'::jsonb,
  jsonb_build_object('display_name', u.display_name), now(), now()
from (values
  ('00000000-0000-4000-a000-000000000001'::uuid, 'admin@quantumforge.local', 'Demo Admin'),
  ('00000000-0000-4000-a000-000000000002'::uuid, 'researcher@quantumforge.local', 'Demo Researcher'),
  ('00000000-0000-4000-a000-000000000003'::uuid, 'viewer@quantumforge.local', 'Demo Viewer')
) as u (id, email, display_name)
on conflict (id) do nothing;

insert into auth.identities (id, provider_id, user_id, identity_data, provider, last_sign_in_at, created_at, updated_at)
select gen_random_uuid(), u.id::text, u.id,
  jsonb_build_object('sub', u.id::text, 'email', u.email, 'email_verified', true),
  'email', now(), now(), now()
from auth.users u
where u.id in (
  '00000000-0000-4000-a000-000000000001', '00000000-0000-4000-a000-000000000002', '00000000-0000-4000-a000-000000000003'
)
on conflict (provider_id, provider) do nothing;

-- Profiles exist already (trigger on auth.users); set the roles.
update public.profiles set role = 'admin' where id = '00000000-0000-4000-a000-000000000001';
update public.profiles set role = 'researcher' where id = '00000000-0000-4000-a000-000000000002';
update public.profiles set role = 'viewer' where id = '00000000-0000-4000-a000-000000000003';

-- The creator becomes the team owner (trigger on organizations).
insert into public.organizations (id, name, slug, description, created_by)
values ('00000000-0000-4000-b000-000000000001', 'Demo Lab', 'demo-lab',
        'Demo team: the researcher shares molecules and results with the viewer.',
        '00000000-0000-4000-a000-000000000002')
on conflict (id) do nothing;

insert into public.memberships (organization_id, user_id, role, invited_by)
values ('00000000-0000-4000-b000-000000000001', '00000000-0000-4000-a000-000000000003', 'viewer',
        '00000000-0000-4000-a000-000000000002')
on conflict (organization_id, user_id) do nothing;

insert into public.molecules (
  id, owner_id, organization_id, name, input_smiles, canonical_smiles, inchikey, formula, net_charge,
  atom_count, input_xyz, source_format, metadata
) values
  ('00000000-0000-4000-c000-000000000001', '00000000-0000-4000-a000-000000000002',
   '00000000-0000-4000-b000-000000000001', 'water', 'O', 'O', 'XLYOFNOQVPJJNP-UHFFFAOYSA-N', 'H2O', 0, 3,
   E'3\nwater\nO 0.000000 0.000000 0.117300\nH 0.000000 0.757200 -0.469200\nH 0.000000 -0.757200 -0.469200\n',
   'smiles', '{"demo": true}'),
  ('00000000-0000-4000-c000-000000000002', '00000000-0000-4000-a000-000000000002',
   '00000000-0000-4000-b000-000000000001', 'caffeine', 'CN1C=NC2=C1C(=O)N(C(=O)N2C)C',
   'Cn1c(=O)c2c(ncn2C)n(C)c1=O', 'RYYVLZVUVIJVGH-UHFFFAOYSA-N', 'C8H10N4O2', 0, 24, null,
   'smiles', '{"demo": true}')
on conflict (id) do nothing;

insert into public.molecule_properties_computed (
  molecule_id, molecular_weight, exact_mass, logp, hbd, hba, rotatable_bonds, tpsa, molar_refractivity,
  heavy_atom_count, ring_count, aromatic_ring_count, fraction_csp3, computed_with
) values
  ('00000000-0000-4000-c000-000000000001', 18.015, 18.010565, -0.8247, 0, 0, 0, 0, 0, 1, 0, 0, 0, 'seed'),
  ('00000000-0000-4000-c000-000000000002', 194.194, 194.080376, -1.0293, 0, 6, 0, 61.82, 51.196, 14, 2, 2, 0.375, 'seed')
on conflict (molecule_id) do nothing;
