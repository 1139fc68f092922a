-- Webhooks: each POST of an event to a user's webhook URL is one row of `webhook_deliveries`,
-- written only by the server (the worker that finishes a calculation, the delivery worker, the
-- settings page's "Send test event"); its owner reads it. The per-user signing secret is stored
-- encrypted (lib/crypto/secret-box): the user must be able to verify signatures, so it cannot be hashed.

create table public.webhook_deliveries (
  id uuid primary key default gen_random_uuid(),
  user_id uuid not null references auth.users (id) on delete cascade,
  event_type text not null
    check (event_type in ('calculation.succeeded', 'calculation.failed', 'calculation.cancelled', 'batch.completed', 'batch.cancelled', 'webhook.test')),
  entity_type text check (entity_type in ('calculation', 'batch')),
  entity_id uuid,
  occurred_at timestamptz not null default now(),
  -- The event as sent (the same body on every attempt, so a receiver can de-duplicate by delivery id).
  payload jsonb not null check (jsonb_typeof(payload) = 'object' and octet_length(payload::text) <= 16384),
  status text not null default 'pending' check (status in ('pending', 'retrying', 'delivered', 'failed', 'skipped')),
  url_host text check (url_host is null or char_length(url_host) <= 300),
  attempts integer not null default 0 check (attempts >= 0),
  last_status_code integer check (last_status_code is null or last_status_code between 100 and 599),
  last_error text check (last_error is null or char_length(last_error) <= 500),
  response_excerpt text check (response_excerpt is null or char_length(response_excerpt) <= 300),
  job_id uuid,
  created_at timestamptz not null default now(),
  last_attempt_at timestamptz,
  delivered_at timestamptz,
  constraint webhook_deliveries_entity check ((entity_type is null) = (entity_id is null))
);
-- One event per final state: a calculation ends once; a batch may end again after "retry failed".
create unique index webhook_deliveries_one_per_event on public.webhook_deliveries (user_id, event_type, entity_id, occurred_at)
  where entity_id is not null;
create index webhook_deliveries_user_created_idx on public.webhook_deliveries (user_id, created_at desc);

alter table public.webhook_deliveries enable row level security;
revoke all on table public.webhook_deliveries from anon, authenticated;
grant select on table public.webhook_deliveries to authenticated;
grant all on table public.webhook_deliveries to service_role;

create policy "webhook deliveries: own read" on public.webhook_deliveries
  for select to authenticated using (user_id = (select auth.uid()));

create table public.webhook_signing_secrets (
  user_id uuid primary key references auth.users (id) on delete cascade,
  secret_ciphertext text not null check (char_length(secret_ciphertext) <= 1024),
  created_at timestamptz not null default now()
);

alter table public.webhook_signing_secrets enable row level security;
revoke all on table public.webhook_signing_secrets from anon, authenticated;
-- The owner may see when the secret was made, never its ciphertext.
grant select (user_id, created_at) on table public.webhook_signing_secrets to authenticated;
grant all on table public.webhook_signing_secrets to service_role;

create policy "webhook signing secrets: own read" on public.webhook_signing_secrets
  for select to authenticated using (user_id = (select auth.uid()));
