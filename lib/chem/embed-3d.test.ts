import { describe, expect, it } from 'vitest';
import { embedSmilesTo3d } from './embed-3d.ts';
import { findGeometryProblem } from './validate-geometry.ts';

describe('embedSmilesTo3d', () => {
  it('embeds caffeine with hydrogens and no clashes', async () => {
    const embedded = await embedSmilesTo3d('Cn1cnc2c1c(=O)n(C)c(=O)n2C', { expectedAtomCount: 24 });
    expect(embedded.atoms).toHaveLength(24);
    expect(embedded.atoms.filter((atom) => atom.element === 'H')).toHaveLength(10);
    expect(findGeometryProblem(embedded.atoms)).toBeNull();
    // Real 3D: not flat, not collapsed.
    expect(new Set(embedded.atoms.map((atom) => atom.z.toFixed(2))).size).toBeGreaterThan(3);
    expect(embedded.xyz.split('\n')[0]).toBe('24');
  });

  it('says clearly when obabel is missing', async () => {
    await expect(embedSmilesTo3d('CCO', { obabelPath: '/nonexistent/obabel' })).rejects.toMatchObject({
      code: 'missing-binary',
      message: "Open Babel is not installed: '/nonexistent/obabel' was not found (Debian: apt install openbabel)",
    });
  });

  it('stops on abort and on timeout', async () => {
    const aborted = new AbortController();
    aborted.abort();
    await expect(embedSmilesTo3d('CCO', { signal: aborted.signal })).rejects.toMatchObject({ code: 'aborted' });
    await expect(embedSmilesTo3d('CCCCCCCCCCCCCCCCCCCCCCCCCCCCCC', { timeoutMs: 1 })).rejects.toMatchObject({ code: 'timeout' });
    const controller = new AbortController();
    const running = embedSmilesTo3d('CCCCCCCCCCCCCCCCCCCCCCCCCCCCCC', { signal: controller.signal });
    controller.abort();
    await expect(running).rejects.toMatchObject({ code: 'aborted' });
  });

  it('reports a structure obabel cannot read', async () => {
    await expect(embedSmilesTo3d('C1CC')).rejects.toMatchObject({ code: 'failed' });
  });
});
