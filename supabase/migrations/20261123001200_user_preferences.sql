-- Per-user preferences. The webhook URL is stored only as ciphertext (encrypted by the server with
-- QF_ENCRYPTION_KEY); the clear URL never reaches the database or the browser.

create table public.user_preferences (
  user_id uuid primary key default auth.uid() references auth.users (id) on delete cascade,
  energy_unit text not null default 'hartree' check (energy_unit in ('hartree', 'ev', 'kcal_mol')),
  display_precision integer not null default 6 check (display_precision between 0 and 12),
  theme text not null default 'system' check (theme in ('light', 'dark', 'system')),
  language text not null default 'en' check (language ~ '^[a-z]{2,3}(-[A-Z]{2})?$'),
  calculation_defaults jsonb not null default '{}'::jsonb
    check (jsonb_typeof(calculation_defaults) = 'object' and octet_length(calculation_defaults::text) <= 16384),
  notify_on_completion boolean not null default true,
  notify_on_failure boolean not null default true,
  email_notifications boolean not null default false,
  webhook_enabled boolean not null default false,
  webhook_url_ciphertext text check (webhook_url_ciphertext is null or char_length(webhook_url_ciphertext) <= 8192),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint user_preferences_webhook_needs_url check (not webhook_enabled or webhook_url_ciphertext is not null)
);

create trigger user_preferences_set_updated_at before update on public.user_preferences
  for each row execute function public.set_updated_at();

-- Every new user starts with the defaults.
create or replace function public.handle_new_user_preferences() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  insert into public.user_preferences (user_id) values (new.id) on conflict (user_id) do nothing;
  return new;
end;
$$;
revoke execute on function public.handle_new_user_preferences() from public, anon, authenticated;

create trigger on_auth_user_created_preferences after insert on auth.users
  for each row execute function public.handle_new_user_preferences();

insert into public.user_preferences (user_id) select id from auth.users on conflict (user_id) do nothing;

alter table public.user_preferences enable row level security;

revoke all on table public.user_preferences from anon, authenticated;
grant select, insert, update, delete on table public.user_preferences to authenticated;
grant all on table public.user_preferences to service_role;

create policy "user preferences: own read" on public.user_preferences
  for select to authenticated using (user_id = (select auth.uid()));
create policy "user preferences: own create" on public.user_preferences
  for insert to authenticated with check (user_id = (select auth.uid()));
create policy "user preferences: own update" on public.user_preferences
  for update to authenticated
  using (user_id = (select auth.uid()))
  with check (user_id = (select auth.uid()));
create policy "user preferences: own delete" on public.user_preferences
  for delete to authenticated using (user_id = (select auth.uid()));
