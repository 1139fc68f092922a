// Batch statistics from stored results: histograms per method (never pooled), the runtime scatter
// and failures grouped by type with their messages; another user sees nothing.
import { afterAll, describe, expect, it } from 'vitest';
import { getPool, closePool } from '../db/pool.ts';
import { createUser } from '../jobs/test-support.ts';
import { getBatchStatistics } from './batch-statistics.ts';
import { seedStoredBatch } from './stored-batch-fixture.ts';

afterAll(async () => {
  await closePool();
});

describe('getBatchStatistics', () => {
  it('bins each method on its own and groups failures by type with their messages', async () => {
    const owner = await createUser('researcher', 'stats-owner');
    const stranger = await createUser('researcher', 'stats-stranger');
    // 30 calculations: every third GFN1-xTB, every tenth failed.
    const batchId = await seedStoredBatch(getPool(), owner.id, 30);
    const stats = await getBatchStatistics(owner.claims, batchId);
    expect(stats.totalEnergy.map((h) => [h.method, h.count])).toEqual([
      ['gfn1', 9],
      ['gfn2', 18],
    ]);
    for (const h of stats.totalEnergy) {
      expect(h.bins.reduce((n, b) => n + b.count, 0)).toBe(h.count);
      expect(h.bins[0]!.from).toBeLessThan(h.bins.at(-1)!.to);
    }
    // Every gap is 9.8 eV: one bin holding all of each method's results.
    expect(stats.gap.map((h) => h.bins)).toEqual([[{ from: 9.8, to: 9.8, count: 9 }], [{ from: 9.8, to: 9.8, count: 18 }]]);
    expect(stats.runtime).toHaveLength(27);
    expect(stats.runtime[0]).toMatchObject({ atoms: 3 });
    expect(stats.failures).toEqual([{ errorType: 'convergence', count: 3, messages: [{ message: 'SCF did not converge in 250 iterations', count: 3 }] }]);

    const hidden = await getBatchStatistics(stranger.claims, batchId);
    expect(hidden).toEqual({ totalEnergy: [], gap: [], dipole: [], runtime: [], failures: [] });
  });
});
