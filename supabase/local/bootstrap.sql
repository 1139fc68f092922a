-- What a hosted Supabase project already has before any migration runs: its roles, the `auth`
-- schema with the tables the auth server uses, and the helper functions RLS policies call.
-- Applied by the local stack at every start; every statement is idempotent.

do $$
begin
  if not exists (select from pg_roles where rolname = 'anon') then
    create role anon nologin noinherit;
  end if;
  if not exists (select from pg_roles where rolname = 'authenticated') then
    create role authenticated nologin noinherit;
  end if;
  if not exists (select from pg_roles where rolname = 'service_role') then
    create role service_role nologin noinherit bypassrls;
  end if;
end
$$;

create schema if not exists extensions;
create extension if not exists pgcrypto with schema extensions;
grant usage on schema extensions to anon, authenticated, service_role;

grant usage on schema public to anon, authenticated, service_role;
alter default privileges in schema public grant all on tables to anon, authenticated, service_role;
alter default privileges in schema public grant all on functions to anon, authenticated, service_role;
alter default privileges in schema public grant all on sequences to anon, authenticated, service_role;

create schema if not exists auth;
grant usage on schema auth to anon, authenticated, service_role;

create table if not exists auth.users (
  instance_id uuid,
  id uuid primary key default gen_random_uuid(),
  aud varchar(255) default 'authenticated',
  role varchar(255) default 'authenticated',
  email varchar(255),
  encrypted_password varchar(255),
  email_confirmed_at timestamptz,
  invited_at timestamptz,
  confirmation_token varchar(255) default '',
  confirmation_sent_at timestamptz,
  recovery_token varchar(255) default '',
  recovery_sent_at timestamptz,
  email_change_token_new varchar(255) default '',
  email_change varchar(255) default '',
  email_change_sent_at timestamptz,
  last_sign_in_at timestamptz,
  raw_app_meta_data jsonb default '{}'::jsonb,
  raw_user_meta_data jsonb default '{}'::jsonb,
  is_super_admin boolean,
  created_at timestamptz default now(),
  updated_at timestamptz default now(),
  phone text,
  phone_confirmed_at timestamptz,
  banned_until timestamptz,
  is_sso_user boolean not null default false,
  deleted_at timestamptz,
  is_anonymous boolean not null default false
);
create unique index if not exists users_email_key on auth.users (lower(email)) where email is not null;

create table if not exists auth.identities (
  id uuid primary key default gen_random_uuid(),
  provider_id text not null,
  user_id uuid not null references auth.users (id) on delete cascade,
  identity_data jsonb not null,
  provider text not null,
  last_sign_in_at timestamptz,
  created_at timestamptz default now(),
  updated_at timestamptz default now(),
  email text generated always as (lower(identity_data ->> 'email')) stored,
  unique (provider_id, provider)
);
create index if not exists identities_user_id_idx on auth.identities (user_id);

create table if not exists auth.sessions (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  aal text not null default 'aal1',
  not_after timestamptz,
  refreshed_at timestamptz,
  user_agent text,
  ip text
);
create index if not exists sessions_user_id_idx on auth.sessions (user_id);

create table if not exists auth.refresh_tokens (
  id bigserial primary key,
  token varchar(255) not null unique,
  user_id varchar(255),
  revoked boolean not null default false,
  parent varchar(255),
  session_id uuid references auth.sessions (id) on delete cascade,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index if not exists refresh_tokens_session_id_idx on auth.refresh_tokens (session_id);
create index if not exists refresh_tokens_parent_idx on auth.refresh_tokens (parent);

-- Supabase's definitions: claims come from the transaction-local `request.jwt.claims` setting;
-- an empty setting (a pooled connection that had one before) means "no user", never an error.
create or replace function auth.uid() returns uuid
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.sub', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'sub')
  )::uuid
$$;

create or replace function auth.role() returns text
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.role', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'role')
  )::text
$$;

create or replace function auth.email() returns text
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim.email', true), ''),
    (nullif(current_setting('request.jwt.claims', true), '')::jsonb ->> 'email')
  )::text
$$;

create or replace function auth.jwt() returns jsonb
language sql stable
as $$
  select coalesce(
    nullif(current_setting('request.jwt.claim', true), ''),
    nullif(current_setting('request.jwt.claims', true), '')
  )::jsonb
$$;

grant execute on function auth.uid(), auth.role(), auth.email(), auth.jwt() to anon, authenticated, service_role;

-- The table in which `supabase db push` records applied migrations; the local runner uses it too.
create schema if not exists supabase_migrations;
create table if not exists supabase_migrations.schema_migrations (
  version text primary key,
  statements text[],
  name text
);
create table if not exists supabase_migrations.seed_files (
  path text primary key,
  hash text not null
);

-- Used by the local auth server (supabase/local/auth-server.ts), as in Supabase's own auth schema:
-- the generated `confirmed_at`, and the authentication method of each session (the `amr` claim).
alter table auth.users add column if not exists confirmed_at timestamptz
  generated always as (least(email_confirmed_at, phone_confirmed_at)) stored;
create index if not exists users_created_at_idx on auth.users (created_at desc, id desc);

create table if not exists auth.mfa_amr_claims (
  id uuid primary key default gen_random_uuid(),
  session_id uuid not null references auth.sessions (id) on delete cascade,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  authentication_method text not null,
  constraint mfa_amr_claims_session_id_authentication_method_pkey unique (session_id, authentication_method)
);
create index if not exists refresh_tokens_session_id_revoked_idx on auth.refresh_tokens (session_id, revoked);

-- The login the app and the worker use: not a superuser, owns nothing, and can only become `anon`,
-- `authenticated` or `service_role` (membership without inheritance: no rights until SET ROLE).
-- Its sessions start as `service_role` (the worker's and the queue's role); each user request
-- switches to `authenticated` for its transaction, and `reset role` goes back to `service_role`.
-- The password is set by the stack (supabase/local/stack.ts) from .data/secrets.json.
do $$
begin
  if not exists (select from pg_roles where rolname = 'quantum_forge_app') then
    create role quantum_forge_app login noinherit nosuperuser nocreatedb nocreaterole noreplication nobypassrls;
  end if;
end
$$;
grant anon, authenticated, service_role to quantum_forge_app;
alter role quantum_forge_app set role = 'service_role';

-- The job queue (pg-boss) runs as service_role, so its schema belongs to it. A data directory from
-- before this had it owned by the superuser: hand every object over.
create schema if not exists pgboss authorization service_role;
do $$
declare
  item record;
begin
  if (select nspowner::regrole::text from pg_namespace where nspname = 'pgboss') <> 'service_role' then
    execute 'alter schema pgboss owner to service_role';
  end if;
  for item in
    select format('alter %s pgboss.%I owner to service_role',
                  case c.relkind when 'S' then 'sequence' when 'v' then 'view' else 'table' end, c.relname) as sql
      from pg_class c
     where c.relnamespace = 'pgboss'::regnamespace and c.relkind in ('r', 'p', 'v', 'S')
       and c.relowner <> 'service_role'::regrole
       and (c.relkind <> 'S' or not exists (select from pg_depend d where d.objid = c.oid and d.deptype in ('a', 'i'))) -- owned sequences follow their table
  loop
    execute item.sql;
  end loop;
  for item in
    select format('alter %s %s owner to service_role', case p.prokind when 'p' then 'procedure' else 'function' end, p.oid::regprocedure) as sql
      from pg_proc p where p.pronamespace = 'pgboss'::regnamespace and p.proowner <> 'service_role'::regrole
  loop
    execute item.sql;
  end loop;
  for item in
    select format('alter type pgboss.%I owner to service_role', t.typname) as sql
      from pg_type t
     where t.typnamespace = 'pgboss'::regnamespace and t.typtype in ('e', 'd', 'c') and t.typowner <> 'service_role'::regrole
       and not exists (select from pg_class c where c.reltype = t.oid)
  loop
    execute item.sql;
  end loop;
end
$$;
