-- Batch upload: the analysed file is kept server-side between preview and create, so the chemistry
-- (RDKit canonicalisation and InChIKey, the expensive part) is done once, at upload, and creating
-- the batch only copies rows inside the database. Staged uploads are the uploader's alone and expire.
-- Batch items get the row number the file gave them and the rows merged into them as duplicates,
-- and follow their calculation's status in the same transaction (no second copy that can drift).

create table public.batch_uploads (
  id uuid primary key default gen_random_uuid(),
  owner_id uuid not null default auth.uid() references auth.users (id) on delete cascade,
  file_name text not null check (char_length(file_name) between 1 and 300),
  format text not null check (format in ('csv', 'smi', 'sdf', 'xyz')),
  total_rows integer not null check (total_rows >= 0),
  -- [{row, reason, input}] and [{row, firstRow, name, inchiKey}]: shown by the preview, kept as items.
  invalid_rows jsonb not null default '[]'::jsonb check (jsonb_typeof(invalid_rows) = 'array'),
  duplicate_rows jsonb not null default '[]'::jsonb check (jsonb_typeof(duplicate_rows) = 'array'),
  charge_default integer not null default 0,
  uhf_default integer not null default 0,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null default now() + interval '1 day'
);
create index batch_uploads_owner_idx on public.batch_uploads (owner_id, created_at desc);

create table public.batch_upload_rows (
  upload_id uuid not null references public.batch_uploads (id) on delete cascade,
  position integer not null check (position >= 0),
  source_row integer not null check (source_row >= 1),
  name text not null,
  source_format text not null,
  input_smiles text,
  canonical_smiles text,
  inchikey text,
  formula text not null,
  net_charge integer not null,
  uhf integer not null,
  atom_count integer not null,
  input_xyz text,
  geometry_hash text,
  identity_hash text,
  molecular_weight double precision,
  metadata jsonb not null default '{}'::jsonb,
  duplicate_rows integer[] not null default '{}',
  primary key (upload_id, position)
);

alter table public.batch_uploads enable row level security;
alter table public.batch_upload_rows enable row level security;
revoke all on table public.batch_uploads, public.batch_upload_rows from anon, authenticated;
grant select, insert, delete on table public.batch_uploads, public.batch_upload_rows to authenticated;
grant all on table public.batch_uploads, public.batch_upload_rows to service_role;

create policy "batch uploads: the uploader alone" on public.batch_uploads
  for all to authenticated
  using (owner_id = (select auth.uid()))
  with check (owner_id = (select auth.uid()) and (select public.can_submit()));
create policy "batch upload rows: with their upload" on public.batch_upload_rows
  for all to authenticated
  using (exists (select 1 from public.batch_uploads u where u.id = upload_id))
  with check (exists (select 1 from public.batch_uploads u where u.id = upload_id));

alter table public.batch_items
  add column source_row integer check (source_row is null or source_row >= 1),
  add column duplicate_rows integer[] not null default '{}';

-- An item follows its calculation; the batch is completed when its last item ends. The batch row is
-- locked first so that two workers finishing the last two items cannot both miss the end.
create or replace function public.sync_batch_item_with_calculation() returns trigger
language plpgsql security definer
set search_path = ''
as $$
begin
  if new.batch_id is null or new.status is not distinct from old.status then
    return new;
  end if;
  update public.batch_items
     set status = new.status, error_type = new.error_type, error_message = new.error_message
   where calculation_id = new.id;
  if new.status in ('succeeded', 'failed', 'cancelled') then
    perform 1 from public.batch_jobs where id = new.batch_id for update;
    if not exists (select 1 from public.batch_items
                    where batch_id = new.batch_id and status in ('pending', 'queued', 'running')) then
      update public.batch_jobs
         set status = case when cancel_requested then 'cancelled' else 'completed' end,
             finished_at = now()
       where id = new.batch_id and status in ('pending', 'validating', 'running');
    end if;
  end if;
  return new;
end;
$$;
revoke execute on function public.sync_batch_item_with_calculation() from public, anon, authenticated;

create trigger calculations_sync_batch_item after update of status on public.calculations
  for each row execute function public.sync_batch_item_with_calculation();
