import type { Metadata } from 'next';
import Link from 'next/link';
import { requireUser } from '@/lib/auth/require-user';
import { depictSmiles, svgDataUri } from '@/lib/results/depict-smiles';
import { ENERGY_UNIT_LABELS, formatEnergy, formatOrbitalEnergy } from '@/lib/units/format-energy';
import { listCalculations } from '@/lib/calculations/list-calculations';
import { CALCULATION_STATUSES, PAGE_SIZES, parseResultsQuery, resultsQueryString, type ResultsQuery, type SortColumn } from '@/lib/results/results-query';
import { getPreferences } from '@/lib/preferences/get-preferences';
import { METHOD_LABELS, METHODS, TASK_LABELS, type Method, type Task } from '@/lib/calculations/parameters';
import { LiveStatusCell, LiveStatusProvider } from '../_components/live-status';
import { FavouriteMark } from './_components/favourite-mark';
import { SharedMark } from '@/components/shared-mark';
import { ClearFiltersLink, RememberResultsView } from './_components/remember-results-view';
import { SearchField } from './_components/search-field';
import { DataTable, headerCellClassName, rowClassName } from '@/components/ui/data-table';
import { Pager, pagerLinkClassName } from '@/components/ui/pager';
import { Options } from '@/components/ui/select';

export const metadata: Metadata = { title: 'Results' };

const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

export default async function ResultsPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const params = await searchParams;
  const query = parseResultsQuery(params);
  const prefs = await getPreferences();
  const orbital = prefs.quantityDisplay.orbitalEnergy;
  const result = await listCalculations(user.claims, query, prefs.energyUnit, orbital.unit);
  const depictions = await Promise.all(result.items.map((item) => depictSmiles(item.smiles)));
  const unit = ENERGY_UNIT_LABELS[prefs.energyUnit];
  const gapUnit = ENERGY_UNIT_LABELS[orbital.unit];
  const filtered = Boolean(query.status || query.method || query.q || [query.emin, query.emax, query.gmin, query.gmax].some((v) => v !== undefined));

  return (
    <div className="space-y-4">
      <RememberResultsView query={query} hasParams={Object.keys(params).length > 0} />
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Results</h1>
          <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="results-count">
            {result.total} calculation{result.total === 1 ? '' : 's'}
            {filtered ? ' match the filters' : ''}. Energies in {unit}, each with the method it was computed with; gaps in {gapUnit}.
            {query.sort === 'energy' && !query.method
              ? ' Sorted by method, then by energy within each method (energies of different methods do not compare).'
              : ''}
            {!query.method && (query.emin !== undefined || query.emax !== undefined)
              ? ' The energy range is not applied: choose a method, since energies compare only within one.'
              : ''}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-3">
          {result.total > 0 && <ExportLinks query={query} />}
          <Link
            href="/editor"
            className="rounded-md bg-indigo-600 px-3 py-2 text-sm font-semibold text-white hover:bg-indigo-500 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2"
          >
            New calculation
          </Link>
        </div>
      </div>

      {/* Keyed by the query so the fields show it after a client-side navigation (sort, restore). */}
      <Filters key={resultsQueryString(query)} query={query} unit={unit} gapUnit={gapUnit} />

      {result.items.length === 0 ? (
        <div
          className="rounded-md border border-dashed border-slate-300 p-8 text-center text-sm text-slate-600 dark:border-slate-700 dark:text-slate-400"
          data-testid="results-empty"
        >
          {filtered ? (
            <>
              No calculations match these filters.{' '}
              <ClearFiltersLink className="font-medium text-indigo-700 underline dark:text-indigo-300">Clear the filters</ClearFiltersLink>
            </>
          ) : (
            <>
              No calculations yet.{' '}
              <Link href="/editor" className="font-medium text-indigo-700 underline dark:text-indigo-300">
                Draw or paste a molecule in the editor
              </Link>{' '}
              to submit the first one.
            </>
          )}
        </div>
      ) : (
        <LiveStatusProvider initial={result.items.map((i) => ({ id: i.id, status: i.status }))}>
          <DataTable
            variant="framed"
            testId="results-table"
            wrapperClassName="overflow-x-auto rounded-md border border-slate-200 dark:border-slate-800"
            caption={`Calculations, page ${result.page} of ${result.pageCount}`}
            columns={[
              { label: 'Structure' },
              { label: 'Molecule' },
              { label: 'Method' },
              <SortHeader key="status" query={query} column="status" label="Status" />,
              <SortHeader key="energy" query={query} column="energy" label={query.method ? `Energy (${unit})` : `Energy (${unit}, by method)`} numeric />,
              <SortHeader key="gap" query={query} column="gap" label={`Gap (${gapUnit})`} numeric />,
              <SortHeader key="created" query={query} column="created" label="Created (UTC)" />,
            ]}
          >
            {result.items.map((item, i) => {
              const svg = depictions[i];
              return (
                <tr key={item.id} data-testid="result-row" data-id={item.id} className={rowClassName('framed')}>
                  <td className="px-3 py-1">
                    {svg ? (
                      // An SVG in <img> cannot run code, whatever it contains.
                      // eslint-disable-next-line @next/next/no-img-element
                      <img
                        src={svgDataUri(svg)}
                        alt={`2D structure of ${item.moleculeName ?? 'the molecule'}`}
                        width={120}
                        height={90}
                        className="rounded bg-white"
                      />
                    ) : (
                      <span className="block w-[120px] text-center text-xs text-slate-400">{item.formula ?? 'no 2D structure'}</span>
                    )}
                  </td>
                  <td className="px-3 py-2">
                    <FavouriteMark calculationId={item.id} />
                    <Link
                      href={`/results/${item.id}`}
                      className="font-medium text-indigo-700 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 dark:text-indigo-300"
                    >
                      <bdi>{item.moleculeName ?? 'Untitled'}</bdi>
                    </Link>
                    {item.sharedBy && <SharedMark ownerName={item.sharedBy} />}
                    <div className="text-xs text-slate-500">
                      {item.formula}
                      {item.atomCount ? ` · ${item.atomCount} atoms` : ''}
                    </div>
                    {item.smiles && (
                      <div className="max-w-[16rem] truncate font-mono text-xs text-slate-400" title={item.smiles}>
                        {item.smiles}
                      </div>
                    )}
                  </td>
                  <td className="px-3 py-2 whitespace-nowrap">
                    {METHOD_LABELS[item.method as Method] ?? item.method}
                    <div className="text-xs text-slate-500">
                      {TASK_LABELS[item.task as Task] ?? item.task}
                      {item.solvationModel ? ` · ${item.solvationModel.toUpperCase()}(${item.solvent})` : ''}
                    </div>
                  </td>
                  <td className="px-3 py-2">
                    <LiveStatusCell id={item.id} status={item.status} />
                    {item.status === 'failed' && item.errorMessage && (
                      <div className="mt-1 max-w-[14rem] truncate text-xs text-red-700 dark:text-red-300" title={item.errorMessage}>
                        {item.errorMessage}
                      </div>
                    )}
                  </td>
                  <td className="px-3 py-2 text-right font-mono tabular-nums whitespace-nowrap" data-testid="row-energy">
                    {formatEnergy(item.totalEnergy, prefs.energyUnit, prefs.precision, { withUnit: false })}
                    {item.totalEnergy !== null && (
                      <span className="ml-1 font-sans text-xs text-slate-500" data-testid="row-energy-method">
                        ({METHOD_LABELS[item.method as Method] ?? item.method})
                      </span>
                    )}
                    {(item.warningCount > 0 || item.raisedEtemp) && (
                      <div className="mt-0.5 flex justify-end gap-1 font-sans text-xs">
                        {item.warningCount > 0 && (
                          <span
                            className="rounded bg-amber-100 px-1.5 text-amber-900 dark:bg-amber-900 dark:text-amber-100"
                            data-testid="row-warnings"
                            title="Open the result to read the warnings"
                          >
                            {item.warningCount} warning{item.warningCount === 1 ? '' : 's'}
                          </span>
                        )}
                        {item.raisedEtemp && (
                          <span
                            className="rounded bg-orange-100 px-1.5 text-orange-900 dark:bg-orange-900 dark:text-orange-100"
                            data-testid="row-raised-etemp"
                            title="The SCC converged only at a raised electronic temperature: compare energies at the same temperature only"
                          >
                            raised electronic temperature
                          </span>
                        )}
                      </div>
                    )}
                  </td>
                  <td className="px-3 py-2 text-right font-mono tabular-nums whitespace-nowrap">
                    {formatOrbitalEnergy(item.gap, orbital.unit, orbital.precision, { withUnit: false })}
                  </td>
                  <td className="px-3 py-2 whitespace-nowrap text-slate-600 dark:text-slate-400">
                    <time dateTime={item.createdAt}>{dateFormat.format(new Date(item.createdAt))}</time>
                  </td>
                </tr>
              );
            })}
          </DataTable>
        </LiveStatusProvider>
      )}

      {result.total > 0 && <Pagination query={query} page={result.page} pageCount={result.pageCount} total={result.total} />}
    </div>
  );
}

const fieldClass =
  'block w-full rounded-md border border-slate-300 bg-white px-2 py-1.5 text-sm shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/40 dark:border-slate-600 dark:bg-slate-900';

/** Downloads of every calculation the filters select (all pages, in the list's order). */
function ExportLinks({ query }: { query: ResultsQuery }) {
  const { page: _page, size: _size, ...filters } = query;
  const base = resultsQueryString(filters);
  return (
    <nav aria-label="Export the filtered results" className="flex items-center gap-1 text-sm" data-testid="results-export">
      <span className="text-slate-600 dark:text-slate-400">Export</span>
      {(['csv', 'jsonl', 'sdf', 'zip'] as const).map((format) => (
        <a
          key={format}
          href={`/results/export${base ? `${base}&` : '?'}format=${format}`}
          download
          className="rounded-md border border-slate-300 px-2 py-1 font-medium text-slate-700 hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 dark:border-slate-700 dark:text-slate-200 dark:hover:bg-slate-800"
        >
          {format.toUpperCase()}
        </a>
      ))}
    </nav>
  );
}

function Filters({ query, unit, gapUnit }: { query: ResultsQuery; unit: string; gapUnit: string }) {
  // A plain GET form: filters live in the URL, work without JavaScript and by keyboard.
  return (
    <form
      method="get"
      action="/results"
      role="search"
      aria-label="Filter results"
      className="grid grid-cols-2 gap-3 rounded-md border border-slate-200 p-3 sm:grid-cols-4 lg:grid-cols-8 dark:border-slate-800"
    >
      <input type="hidden" name="sort" value={query.sort} />
      <input type="hidden" name="dir" value={query.dir} />
      <input type="hidden" name="size" value={query.size} />
      {query.error ? <input type="hidden" name="error" value={query.error} /> : null}
      <label className="col-span-2 block text-xs font-medium text-slate-600 dark:text-slate-400">
        Search
        <SearchField defaultValue={query.q ?? ''} className={fieldClass} />
      </label>
      <label className="block text-xs font-medium text-slate-600 dark:text-slate-400">
        Status
        <select name="status" defaultValue={query.status ?? ''} className={fieldClass}>
          <option value="">Any</option>
          <Options values={CALCULATION_STATUSES} />
        </select>
      </label>
      <label className="block text-xs font-medium text-slate-600 dark:text-slate-400">
        Method
        <select name="method" defaultValue={query.method ?? ''} className={fieldClass}>
          <option value="">Any</option>
          <Options values={METHODS} labels={METHOD_LABELS} />
        </select>
      </label>
      {(
        [
          ['emin', 'Energy from'],
          ['emax', 'Energy to'],
          ['gmin', 'Gap from'],
          ['gmax', 'Gap to'],
        ] as const
      ).map(([name, label]) => (
        <label key={name} className="block text-xs font-medium text-slate-600 dark:text-slate-400">
          {label} ({name.startsWith('e') ? unit : gapUnit}){name.startsWith('e') ? ', with a method' : ''}
          <input type="number" step="any" name={name} defaultValue={query[name] ?? ''} className={fieldClass} />
        </label>
      ))}
      <div className="col-span-2 flex items-end gap-2 sm:col-span-4 lg:col-span-8">
        <button
          type="submit"
          className="rounded-md bg-slate-800 px-3 py-1.5 text-sm font-medium text-white hover:bg-slate-700 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 dark:bg-slate-200 dark:text-slate-900"
        >
          Apply filters
        </button>
        <ClearFiltersLink className="rounded-md px-3 py-1.5 text-sm text-slate-600 hover:bg-slate-100 dark:text-slate-300 dark:hover:bg-slate-800">
          Clear
        </ClearFiltersLink>
      </div>
    </form>
  );
}

function SortHeader({ query, column, label, numeric }: { query: ResultsQuery; column: SortColumn; label: string; numeric?: boolean }) {
  const active = query.sort === column;
  const nextDir = active && query.dir === 'desc' ? 'asc' : active ? 'desc' : column === 'created' ? 'desc' : 'asc';
  const href = `/results${resultsQueryString({ ...query, sort: column, dir: nextDir, page: 1 })}`;
  return (
    <th scope="col" aria-sort={active ? (query.dir === 'asc' ? 'ascending' : 'descending') : 'none'} className={headerCellClassName('framed', numeric)}>
      <Link
        href={href}
        className="inline-flex items-center gap-1 hover:text-slate-900 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 dark:hover:text-white"
      >
        {label}
        <span aria-hidden="true">{active ? (query.dir === 'asc' ? '▲' : '▼') : '↕'}</span>
        <span className="sr-only">, sort {nextDir === 'asc' ? 'ascending' : 'descending'}</span>
      </Link>
    </th>
  );
}

function Pagination({ query, page, pageCount, total }: { query: ResultsQuery; page: number; pageCount: number; total: number }) {
  const link = (p: number) => `/results${resultsQueryString({ ...query, page: p })}`;
  const first = (page - 1) * query.size + 1;
  const last = Math.min(total, page * query.size);
  return (
    <Pager label="Pagination" page={page} pageCount={pageCount} href={link} summary={`${first}–${last} of ${total} · page ${page} of ${pageCount}`}>
      <span className="text-slate-600 dark:text-slate-400">Per page:</span>
      {PAGE_SIZES.map((size) => (
        <Link
          key={size}
          href={`/results${resultsQueryString({ ...query, size, page: 1 })}`}
          aria-current={size === query.size ? 'true' : undefined}
          className={`${pagerLinkClassName} aria-[current=true]:bg-indigo-50 aria-[current=true]:text-indigo-700`}
        >
          {size}
        </Link>
      ))}
    </Pager>
  );
}
