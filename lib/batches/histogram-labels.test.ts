// The histogram axis under a batch's statistics: short tick labels that fit a 320 px phone, the exact
// range in the tooltip.
import { describe, expect, it } from 'vitest';
import { labelBins } from './histogram-labels.ts';

/** `count` equal bins from `lo` to `hi`, as lib/batches/batch-statistics.ts makes them. */
function bins(lo: number, hi: number, count: number) {
  const width = (hi - lo) / count;
  return Array.from({ length: count }, (_, i) => ({ from: lo + i * width, to: i === count - 1 ? hi : lo + (i + 1) * width, count: i }));
}

const identity = (v: number) => v;

describe('labelBins', () => {
  it('labels each bin by its centre with only the decimals that tell neighbours apart', () => {
    // Total energies of a few small molecules: twenty bins of 0.18 Eh at the user's six decimals.
    const labelled = labelBins(bins(-8.0, -4.4, 20), identity, 6);
    expect(labelled.map((b) => b.tick).slice(0, 2)).toEqual(['-7.9', '-7.7']);
    expect(new Set(labelled.map((b) => b.tick)).size).toBe(20);
    for (const b of labelled) expect(b.tick.length).toBeLessThanOrEqual(5);
  });

  it('keeps the exact range, at the user precision, for the tooltip', () => {
    const [first] = labelBins(bins(-8.0, -4.4, 20), identity, 6);
    expect(first).toEqual({ tick: '-7.9', range: '-8.000000 to -7.820000', count: 0 });
  });

  it('uses more decimals for narrow bins, never more than the user asked for', () => {
    const narrow = labelBins(bins(-5.0706, -5.0702, 20), identity, 6);
    expect(narrow[0]!.tick).toBe('-5.07059');
    expect(new Set(narrow.map((b) => b.tick)).size).toBe(20);
    expect(labelBins(bins(-5.0706, -5.0702, 20), identity, 3)[0]!.tick).toBe('-5.071');
  });

  it('labels in the converted unit, with whole numbers for wide bins', () => {
    // Eh to kcal/mol: 3.6 Eh over twenty bins is about 113 kcal/mol a bin.
    const labelled = labelBins(bins(-8.0, -4.4, 20), (v) => v * 627.5094740631, 2);
    expect(labelled[0]).toEqual({ tick: '-4964', range: '-5020.08 to -4907.12', count: 0 });
  });

  it('gives one bin of equal values its full precision, and never prints "-0"', () => {
    expect(labelBins([{ from: 1.85, to: 1.85, count: 3 }], identity, 3)).toEqual([{ tick: '1.850', range: '1.850 to 1.850', count: 3 }]);
    expect(labelBins(bins(-0.5, 0.5, 2), identity, 2).map((b) => b.tick)).toEqual(['-0.3', '0.3']);
    // A centre of -0.01 at one decimal.
    expect(labelBins(bins(-0.06, 0.04, 1), identity, 1)[0]!.tick).toBe('0.0');
  });
});
