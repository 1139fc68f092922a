-- Idempotency keys of the REST API (/api/v1): a POST retried with the same Idempotency-Key by the
-- same user gets the first response back and creates nothing twice. The server writes these rows
-- (service role); a user may read their own. Rows expire after 24 hours.
create table public.api_idempotency_keys (
  user_id uuid not null references auth.users (id) on delete cascade,
  key text not null check (char_length(key) between 1 and 200),
  -- Method and path of the first request: the same key on another operation is a conflict.
  request_method text not null,
  request_path text not null check (char_length(request_path) between 1 and 500),
  -- null while the first request is still being answered.
  status_code integer check (status_code is null or status_code between 100 and 599),
  response_body text,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null default now() + interval '24 hours',
  primary key (user_id, key)
);
create index api_idempotency_keys_expires_idx on public.api_idempotency_keys (expires_at);

alter table public.api_idempotency_keys enable row level security;
revoke all on public.api_idempotency_keys from anon, authenticated;
grant select on public.api_idempotency_keys to authenticated;
grant select, insert, update, delete on public.api_idempotency_keys to service_role;

create policy api_idempotency_keys_select_own on public.api_idempotency_keys
  for select to authenticated using (user_id = (select auth.uid()));
