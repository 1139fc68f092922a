import { describe, expect, it } from 'vitest';
import type { Atom } from './parse-xyz.ts';
import { findGeometryProblem } from './validate-geometry.ts';

const water: Atom[] = [
  { element: 'O', x: 0, y: 0, z: 0.117 },
  { element: 'H', x: 0, y: 0.757, z: -0.467 },
  { element: 'H', x: 0, y: -0.757, z: -0.467 },
];

describe('findGeometryProblem', () => {
  it('accepts a sensible geometry and a single atom at the origin', () => {
    expect(findGeometryProblem(water)).toBeNull();
    expect(findGeometryProblem([{ element: 'Ar', x: 0, y: 0, z: 0 }])).toBeNull();
    expect(
      findGeometryProblem([
        { element: 'H', x: 0, y: 0, z: 0 },
        { element: 'H', x: 0, y: 0, z: 0.74 },
      ]),
    ).toBeNull();
  });

  it('refuses every atom at one point (Open Babel --gen3d fast)', () => {
    const collapsed = water.map((atom) => ({ ...atom, x: 0, y: 0, z: 0 }));
    expect(findGeometryProblem(collapsed)).toMatchObject({
      kind: 'all-at-one-point',
      message: 'all 3 atoms are at the same point (0, 0, 0): the structure has no 3D coordinates',
    });
  });

  it('names the atoms that are too close and their distance', () => {
    const overlapping: Atom[] = [...water.slice(0, 2), { element: 'H', x: 0, y: 0, z: 0.217 }];
    expect(findGeometryProblem(overlapping)).toEqual({
      kind: 'atoms-too-close',
      atoms: [1, 3],
      distance: expect.closeTo(0.1, 6),
      clashes: 1,
      message: 'atoms 1 (O) and 3 (H) are 0.100 Å apart; the minimum is 0.50 Å',
    });
  });

  it('judges heavy atoms by their covalent radii', () => {
    const iodine: Atom[] = [
      { element: 'I', x: 0, y: 0, z: 0 },
      { element: 'I', x: 0, y: 0, z: 1.2 },
    ];
    expect(findGeometryProblem(iodine)?.message).toBe('atoms 1 (I) and 2 (I) are 1.200 Å apart; the minimum is 1.39 Å');
  });

  it('counts further clashes and refuses huge coordinates', () => {
    const line: Atom[] = [0, 0.1, 0.2, 0.3].map((z) => ({ element: 'C', x: 0, y: 0, z }));
    expect(findGeometryProblem(line)?.message).toMatch(
      /^atoms \d \(C\) and \d \(C\) are 0\.100 Å apart; the minimum is 0\.76 Å \(5 other pairs too close as well\)$/,
    );
    expect(findGeometryProblem([...water, { element: 'C', x: 0, y: 1e6, z: 0 }])?.message).toBe(
      'atom 4 (C) has a coordinate of 1.00000e+6 Å; coordinates must be within ±1000 Å (are the units Å?)',
    );
  });
});
