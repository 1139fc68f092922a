import { describe, expect, it } from 'vitest';
import { clearXtbSelfCheckCache, getXtbSelfCheck, runXtbSelfCheck } from './self-check.ts';

describe('xtb self-check', () => {
  it('finds the installed xtb, GFN2/GFN1/GFN-FF and solvation working, GFN0 unavailable with a reason', async () => {
    clearXtbSelfCheckCache();
    const check = await getXtbSelfCheck();
    expect(check.found).toBe(true);
    expect(check.version).toMatch(/^6\.\d+\.\d+$/);
    expect(check.availableMethods).toEqual(['gfn2', 'gfn1', 'gfnff']);
    const gfn0 = check.methods.find((m) => m.method === 'gfn0')!;
    expect(gfn0.available).toBe(false);
    expect(gfn0.reason).toMatch(/\S/);
    expect(check.solvation?.alpb.available).toBe(true);
    expect(check.solvation?.gbsa.available).toBe(true);
    console.info('self-check', JSON.stringify(check.methods.map((m) => [m.method, m.available, Math.round(m.wallTimeMs), m.reason])));
    // cached per process
    expect(await getXtbSelfCheck()).toBe(check);
  });

  it('fails GFN0 on a real molecule even where XTBPATH lets it find its parameters', async () => {
    const previous = process.env.XTBPATH;
    process.env.XTBPATH = '/usr/share/xtb';
    try {
      // The default probe time: a shorter one made GFN2's probe time out on a loaded machine (CI, once).
      const check = await runXtbSelfCheck();
      expect(check.methods.find((m) => m.method === 'gfn0')!.available).toBe(false);
      expect(check.availableMethods).toContain('gfn2');
    } finally {
      if (previous === undefined) delete process.env.XTBPATH;
      else process.env.XTBPATH = previous;
    }
  });

  it('reports a missing binary without throwing', async () => {
    const check = await runXtbSelfCheck({ xtbBin: '/nonexistent/xtb' });
    expect(check.found).toBe(false);
    expect(check.availableMethods).toEqual([]);
    expect(check.error).toMatch(/not found/);
  });
});
