// Labels for a histogram's bins in the user's unit. The axis under the bars gets each bin's centre
// with only the decimals that tell neighbouring bins apart (a phone has room for a few short numbers,
// not twenty "from–to" ranges at full precision); the tooltip keeps the exact range.

export type LabelledBin = { tick: string; range: string; count: number };

/**
 * `digits` is the user's precision for the quantity; the tick uses fewer when the bins are wide:
 * 10^-decimals never exceeds the bin width, so two neighbouring centres never round to one label.
 */
export function labelBins(bins: { from: number; to: number; count: number }[], convert: (v: number) => number, digits: number): LabelledBin[] {
  const converted = bins.map((b) => ({ from: convert(b.from), to: convert(b.to), count: b.count }));
  const width = Math.min(...converted.map((b) => Math.abs(b.to - b.from)));
  // A single bin (every value equal) has no width: its one label keeps the full precision.
  const tickDigits = width > 0 ? Math.min(digits, Math.max(0, Math.ceil(-Math.log10(width) - 1e-9))) : digits;
  return converted.map((b) => ({
    tick: tidy(((b.from + b.to) / 2).toFixed(tickDigits)),
    range: `${tidy(b.from.toFixed(digits))} to ${tidy(b.to.toFixed(digits))}`,
    count: b.count,
  }));
}

/** "-0.0" reads as a different number from "0.0". */
function tidy(text: string): string {
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}
