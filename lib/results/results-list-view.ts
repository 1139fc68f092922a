// The results list's URL query ↔ the list view saved in the UI session (`lists.results`), so the
// filters, sort and page size a user last applied come back when /results is opened without any.
import type { ListView } from '../ui-state/ui-state.ts';
import { parseResultsQuery, resultsQueryString, type ResultsQuery } from './results-query.ts';

const FILTER_KEYS = ['status', 'method', 'q', 'emin', 'emax', 'gmin', 'gmax'] as const;

/** The saved form of a query: defaults (sort by created, newest first; 20 a page) are left out; the page is not kept. */
export function listViewOfQuery(query: ResultsQuery): ListView {
  const filters: ListView['filters'] = {};
  for (const key of FILTER_KEYS) {
    const value = query[key];
    if (value !== undefined && value !== '') filters[key] = value;
  }
  const sort = query.sort === 'created' && query.dir === 'desc' ? null : { column: query.sort, direction: query.dir };
  return { filters, sort, pageSize: query.size === 20 ? null : query.size };
}

/** A saved view as the list's query string ('' for the default view). Values that no longer parse are dropped. */
export function queryStringOfListView(view: ListView): string {
  const raw: Record<string, string> = {};
  for (const key of FILTER_KEYS) {
    const value = view.filters[key];
    if (typeof value === 'string' || typeof value === 'number') raw[key] = String(value);
  }
  if (view.sort) Object.assign(raw, { sort: view.sort.column, dir: view.sort.direction });
  if (view.pageSize !== null) raw.size = String(view.pageSize);
  const { page: _page, ...query } = parseResultsQuery(raw);
  return resultsQueryString(query);
}
