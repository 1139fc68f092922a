import { describe, expect, it } from 'vitest';
import { listViewOfQuery, queryStringOfListView } from './results-list-view.ts';
import { parseResultsQuery } from './results-query.ts';

describe('results list view', () => {
  it('leaves the default view empty', () => {
    const view = listViewOfQuery(parseResultsQuery({ page: '3' }));
    expect(view).toEqual({ filters: {}, sort: null, pageSize: null });
    expect(queryStringOfListView(view)).toBe('');
  });

  it('round-trips filters, sort and page size, without the page', () => {
    const view = listViewOfQuery(parseResultsQuery({ status: 'failed', q: 'water', emin: '-80.5', sort: 'energy', dir: 'asc', size: '50', page: '2' }));
    expect(view).toEqual({ filters: { status: 'failed', q: 'water', emin: -80.5 }, sort: { column: 'energy', direction: 'asc' }, pageSize: 50 });
    expect(queryStringOfListView(view)).toBe('?size=50&sort=energy&dir=asc&status=failed&emin=-80.5&q=water');
  });

  it('drops saved values that no longer parse', () => {
    expect(queryStringOfListView({ filters: { status: 'exploded', method: 'gfn2' }, sort: { column: 'colour', direction: 'asc' }, pageSize: 7 })).toBe(
      '?dir=asc&method=gfn2',
    );
  });
});
