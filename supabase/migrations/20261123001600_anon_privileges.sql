-- Anonymous visitors get nothing from the public schema: every table, view, sequence and function
-- here is for signed-in users (under RLS) or the service role. Supabase's default privileges grant
-- anon everything on new objects; take that back for existing and future objects created by this role.

revoke all on all tables in schema public from anon;
revoke all on all sequences in schema public from anon;
revoke execute on all functions in schema public from anon;

alter default privileges in schema public revoke all on tables from anon;
alter default privileges in schema public revoke all on sequences from anon;
alter default privileges in schema public revoke execute on functions from anon;
