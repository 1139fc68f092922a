/** A plain number with fixed decimals for tables (coordinates, charges, times); "—" when missing. */
export function formatNumber(value: number | null | undefined, decimals: number): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  const text = value.toFixed(Math.max(0, Math.min(12, decimals)));
  return /^-0\.?0*$/.test(text) ? text.slice(1) : text;
}
