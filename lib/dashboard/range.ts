// The dashboard's time range as it lives in the URL: a preset (?range=24h) or a custom span
// (?from=…&to=… as ISO dates). Shared by the page, its picker and GET /api/dashboard.
import { z } from 'zod';

export const RANGE_PRESETS = {
  '1h': { label: 'Last hour', ms: 3600_000 },
  '24h': { label: 'Last 24 hours', ms: 24 * 3600_000 },
  '7d': { label: 'Last 7 days', ms: 7 * 24 * 3600_000 },
  '30d': { label: 'Last 30 days', ms: 30 * 24 * 3600_000 },
} as const;
export type RangePreset = keyof typeof RANGE_PRESETS;
export const DEFAULT_RANGE: RangePreset = '24h';

/** The longest custom span: a year keeps every panel query bounded. */
const MAX_SPAN_MS = 366 * 24 * 3600_000;

const isoDate = z.iso.datetime({ offset: true }).or(z.iso.date());

export type RangeParams = { kind: 'preset'; preset: RangePreset } | { kind: 'custom'; from: Date; to: Date };

export type ParsedRange = { ok: true; params: RangeParams } | { ok: false; message: string };

/** Reads ?range= or ?from=&to=; nothing given means the default preset. */
export function parseRangeParams(get: (name: string) => string | null | undefined): ParsedRange {
  const range = get('range');
  const from = get('from');
  const to = get('to');
  if (from || to) {
    const f = isoDate.safeParse(from ?? '');
    const t = isoDate.safeParse(to ?? '');
    if (!f.success || !t.success) return { ok: false, message: 'Give both ends of a custom range as dates, e.g. 2026-11-01 and 2026-11-08.' };
    const fromDate = new Date(f.data);
    const toDate = new Date(t.data);
    if (!(fromDate < toDate)) return { ok: false, message: 'The start of the range must be before its end.' };
    if (toDate.getTime() - fromDate.getTime() > MAX_SPAN_MS) return { ok: false, message: 'Choose a range of at most one year.' };
    return { ok: true, params: { kind: 'custom', from: fromDate, to: toDate } };
  }
  if (!range) return { ok: true, params: { kind: 'preset', preset: DEFAULT_RANGE } };
  if (range in RANGE_PRESETS) return { ok: true, params: { kind: 'preset', preset: range as RangePreset } };
  return { ok: false, message: `Choose a range of ${Object.keys(RANGE_PRESETS).join(', ')} or give from and to dates.` };
}

/** The concrete span now: presets end at `now` so a refresh moves the window along. */
export function resolveRange(params: RangeParams, now = new Date()): { from: Date; to: Date } {
  if (params.kind === 'custom') return { from: params.from, to: params.to };
  return { from: new Date(now.getTime() - RANGE_PRESETS[params.preset].ms), to: now };
}

/** The query string that names the range (for links and the API). */
export function rangeQuery(params: RangeParams): string {
  return params.kind === 'preset'
    ? `range=${params.preset}`
    : `from=${encodeURIComponent(params.from.toISOString())}&to=${encodeURIComponent(params.to.toISOString())}`;
}
