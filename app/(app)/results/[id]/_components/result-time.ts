// Times on the result page: absolute dates in UTC (the same for every viewer) and spans between two
// stored instants.
const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' });

export function formatDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateFormat.format(d);
}

/** From `from` to `to`, or to now (" so far") while the span is still open. */
export function formatDuration(from: string | null, to: string | null): string {
  if (!from) return '—';
  const start = new Date(from).getTime();
  const end = to ? new Date(to).getTime() : Date.now();
  const s = (end - start) / 1000;
  if (!Number.isFinite(s) || s < 0) return '—';
  const text = s < 60 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return to ? text : `${text} so far`;
}
