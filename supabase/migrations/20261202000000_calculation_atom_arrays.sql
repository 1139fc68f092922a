-- Each calculation's per-atom arrays (elements, partial charges, positions, forces) as compact JSON,
-- one row per calculation, kept by statement-level triggers on atomic_properties, which stays the
-- source of truth (the result page and the API read it).
-- Why: the JSONL and ZIP exports write these arrays for every calculation. Aggregating them from
-- atomic_properties at export time read every atom row and ran the calculations policy once per atom:
-- about 4 s of a 100,000-calculation export. Built once when a result is stored, an export reads one
-- row (and runs the policy once) per calculation.
-- The JSON is json_agg's, without its spaces (no value here contains one: element symbols, numbers,
-- null), so numbers are PostgreSQL's shortest exact form of the stored doubles. The columns are text,
-- not json: the exports write them as they are, and a backup's round trip keeps them byte for byte.

create table public.calculation_atom_arrays (
  calculation_id uuid primary key references public.calculations (id) on delete cascade,
  elements text not null,  -- ["O","H","H"]
  charges text not null,   -- partial charges (e) in atom order; null where none was computed
  positions text not null, -- [[x,y,z], …] in Å
  forces text not null     -- [[fx,fy,fz], …] in Eh/bohr, null for an atom without a gradient
);

alter table public.calculation_atom_arrays enable row level security;
revoke all on table public.calculation_atom_arrays from anon, authenticated;
grant select on table public.calculation_atom_arrays to authenticated;
grant all on table public.calculation_atom_arrays to service_role;

-- Visible exactly when the calculation is (its own policy decides: owner, team, admin). Written by
-- the triggers below only.
create policy "atom arrays: visible with the calculation" on public.calculation_atom_arrays
  for select to authenticated
  using (exists (select 1 from public.calculations c where c.id = calculation_id));

-- The arrays of the given calculations, from their atom rows (none for a calculation without atoms).
create function public.calculation_atom_arrays_of(ids uuid[]) returns table (
  calculation_id uuid, elements text, charges text, positions text, forces text)
  language sql stable set search_path = ''
as $$
  select a.calculation_id,
         replace(json_agg(a.element order by a.atom_index)::text, ' ', ''),
         replace(json_agg(a.partial_charge order by a.atom_index)::text, ' ', ''),
         replace(json_agg(json_build_array(a.x, a.y, a.z) order by a.atom_index)::text, ' ', ''),
         replace(json_agg(case when a.force_x is null then null else json_build_array(a.force_x, a.force_y, a.force_z) end
                          order by a.atom_index)::text, ' ', '')
    from public.atomic_properties a
   where a.calculation_id = any (ids)
   group by a.calculation_id
$$;
revoke execute on function public.calculation_atom_arrays_of(uuid[]) from public, anon, authenticated;

-- Whoever writes atom rows (the worker, an import, an admin's delete, a cascade from a deleted
-- calculation), the arrays of the calculations the statement touched are rebuilt. Security definer:
-- users cannot write this table themselves.
create function public.calculation_atom_arrays_refresh() returns trigger
  language plpgsql security definer set search_path = ''
as $$
declare
  ids uuid[];
begin
  if tg_op = 'INSERT' then
    select array_agg(distinct calculation_id) into ids from new_rows;
  elsif tg_op = 'DELETE' then
    select array_agg(distinct calculation_id) into ids from old_rows;
  else
    select array_agg(distinct calculation_id) into ids
      from (select calculation_id from new_rows union select calculation_id from old_rows) touched;
  end if;
  if ids is null then
    return null;
  end if;
  delete from public.calculation_atom_arrays x where x.calculation_id = any (ids);
  insert into public.calculation_atom_arrays (calculation_id, elements, charges, positions, forces)
  select * from public.calculation_atom_arrays_of(ids);
  return null;
end;
$$;
revoke execute on function public.calculation_atom_arrays_refresh() from public, anon, authenticated;

create trigger calculation_atom_arrays_insert after insert on public.atomic_properties
  referencing new table as new_rows
  for each statement execute function public.calculation_atom_arrays_refresh();
create trigger calculation_atom_arrays_update after update on public.atomic_properties
  referencing old table as old_rows new table as new_rows
  for each statement execute function public.calculation_atom_arrays_refresh();
create trigger calculation_atom_arrays_delete after delete on public.atomic_properties
  referencing old table as old_rows
  for each statement execute function public.calculation_atom_arrays_refresh();

-- Results stored before this migration.
insert into public.calculation_atom_arrays (calculation_id, elements, charges, positions, forces)
select * from public.calculation_atom_arrays_of(array(select distinct calculation_id from public.atomic_properties));
