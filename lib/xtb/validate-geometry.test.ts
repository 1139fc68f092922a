import { describe, expect, it } from 'vitest';
import { validateElectronCount, validateGeometry } from './validate-geometry.ts';
import { formatXyz, parseXyzLastFrame } from './xyz-format.ts';

const water = [
  { element: 'O', x: 0, y: 0, z: 0.1178 },
  { element: 'H', x: 0, y: 0.7555, z: -0.4712 },
  { element: 'H', x: 0, y: -0.7555, z: -0.4712 },
];

describe('validateGeometry', () => {
  it('accepts water', () => {
    expect(validateGeometry(water)).toEqual([]);
  });
  it('rejects atoms at one point and near-overlaps', () => {
    const allAtOrigin = water.map((a) => ({ ...a, x: 0, y: 0, z: 0 }));
    expect(validateGeometry(allAtOrigin).map((i) => i.code)).toEqual(['ATOMS_TOO_CLOSE', 'ATOMS_TOO_CLOSE', 'ATOMS_TOO_CLOSE']);
    const hNearO = [water[0]!, { element: 'H', x: 0, y: 0.1, z: 0.1178 }, water[2]!];
    const issues = validateGeometry(hNearO);
    expect(issues).toHaveLength(1);
    expect(issues[0]!.atoms).toEqual([1, 2]);
    expect(issues[0]!.message).toMatch(/0\.100 Å/);
  });
  it('uses covalent radii for heavy pairs', () => {
    // 0.55 Å between two carbons passes the 0.5 Å floor but not 0.4 × (0.76 + 0.76) = 0.61 Å
    expect(validateGeometry([{ element: 'C', x: 0, y: 0, z: 0 }, { element: 'C', x: 0.55, y: 0, z: 0 }])[0]!.code).toBe('ATOMS_TOO_CLOSE');
  });
  it('rejects elements beyond radon, unknown elements, bad coordinates, empty input', () => {
    expect(validateGeometry([{ element: 'U', x: 0, y: 0, z: 0 }])[0]!.code).toBe('UNSUPPORTED_ELEMENT');
    expect(validateGeometry([{ element: 'Rn', x: 0, y: 0, z: 0 }])).toEqual([]);
    expect(validateGeometry([{ element: 'Xx', x: 0, y: 0, z: 0 }])[0]!.code).toBe('UNKNOWN_ELEMENT');
    expect(validateGeometry([{ element: 'C', x: Number.NaN, y: 0, z: 0 }])[0]!.code).toBe('BAD_COORDINATE');
    expect(validateGeometry([])[0]!.code).toBe('EMPTY');
    expect(validateGeometry(water, { maxAtoms: 2 })[0]!.code).toBe('TOO_MANY_ATOMS');
  });
});

describe('validateElectronCount', () => {
  it('checks parity of electrons and unpaired electrons', () => {
    expect(validateElectronCount(water, 0, 0)).toBeNull();
    expect(validateElectronCount(water, 0, 1)?.code).toBe('SPIN_PARITY');
    expect(validateElectronCount(water, 1, 1)).toBeNull();
    expect(validateElectronCount(water, 0, 2)).toBeNull();
    expect(validateElectronCount(water, 11, 0)?.code).toBe('SPIN_PARITY');
  });
});

describe('formatXyz / parseXyzLastFrame', () => {
  it('round-trips and normalises symbols and comments', () => {
    const text = formatXyz([{ element: 'cl', x: 1, y: 2, z: 3 }], 'line1\nline2 \uFEFF');
    expect(text.split('\n')[1]).toBe('line1 line2 ?');
    expect(parseXyzLastFrame(text)).toEqual([{ element: 'Cl', x: 1, y: 2, z: 3 }]);
    expect(() => formatXyz([{ element: 'Q', x: 0, y: 0, z: 0 }])).toThrow(/unknown element/);
  });
});
