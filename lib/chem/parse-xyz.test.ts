import { describe, expect, it } from 'vitest';
import { parseXyz } from './parse-xyz.ts';

const WATER = '3\nwater\nO 0.000 0.000 0.117\nH 0.000 0.757 -0.467\nH 0.000 -0.757 -0.467\n';

describe('parseXyz', () => {
  it('reads a standard XYZ file', () => {
    const parsed = parseXyz(WATER);
    expect(parsed.comment).toBe('water');
    expect(parsed.atoms).toEqual([
      { element: 'O', x: 0, y: 0, z: 0.117 },
      { element: 'H', x: 0, y: 0.757, z: -0.467 },
      { element: 'H', x: 0, y: -0.757, z: -0.467 },
    ]);
  });

  it('tolerates a UTF-8 BOM, CRLF, trailing blank lines, element case, atomic numbers and extra columns', () => {
    const text = '\uFEFF3\r\nwater\r\no 0 0 0.117 -0.8\r\n1 0 0.757 -0.467\r\nh 0 -0.757 -4.67D-01\r\n\r\n\r\n';
    const parsed = parseXyz(text);
    expect(parsed.atoms.map((atom) => atom.element)).toEqual(['O', 'H', 'H']);
    expect(parsed.atoms[2]!.z).toBeCloseTo(-0.467);
    expect(parsed.comment).toBe('water');
  });

  it('accepts atom lines pasted without count and comment lines', () => {
    expect(parseXyz('O 0 0 0.117\n\nH 0 0.757 -0.467\nH 0 -0.757 -0.467').atoms).toHaveLength(3);
  });

  it('refuses empty input', () => {
    expect(() => parseXyz('')).toThrow('input is empty');
    expect(() => parseXyz('\uFEFF \n\r\n')).toThrow('input is empty');
  });

  it('names the malformed line', () => {
    expect(() => parseXyz('3\nwater\nO 0 0 0.117\nH 0 0.757 -0.467\nH 0 -0.757\n')).toThrow('line 5: expected element and three coordinates');
    expect(() => parseXyz('3\nwater\nO 0 0 0.117\nH 0 0.757 abc\nH 0 -0.757 0\n')).toThrow("line 4: z coordinate 'abc' is not a number");
    expect(() => parseXyz('2\n\nH 0 0 0\nH 0 NaN 0.74\n')).toThrow("line 4: y coordinate 'NaN' is not a finite number");
    expect(() => parseXyz('2\n\nH 0 0 0\nH 0 0 1e999\n')).toThrow("line 4: z coordinate '1e999' is not a finite number");
    expect(() => parseXyz('water\n3\nO 0 0 0\n')).toThrow('line 1: expected the number of atoms');
    expect(() => parseXyz('C 0 0\nH 0 0 1\n')).toThrow('line 1: expected element and three coordinates');
  });

  it('refuses unknown elements and elements beyond Rn with their line', () => {
    expect(() => parseXyz('2\n\nH 0 0 0\nXx 0 0 1\n')).toThrow("line 4: unknown element 'Xx'");
    expect(() => parseXyz('2\n\nU 0 0 0\nO 0 0 1.8\n')).toThrow('line 3: uranium (U, Z = 92) is not supported');
    expect(() => parseXyz('2\n\n92 0 0 0\nO 0 0 1.8\n')).toThrow('line 3: uranium (U, Z = 92) is not supported');
  });

  it('checks the atom count line against the atom lines', () => {
    expect(() => parseXyz('4\nwater\nO 0 0 0.117\nH 0 0.757 -0.467\nH 0 -0.757 -0.467\n')).toThrow(
      'line 1: the atom count line says 4 atoms but 3 atom lines follow',
    );
    expect(() => parseXyz('2\nwater\nO 0 0 0.117\nH 0 0.757 -0.467\nH 0 -0.757 -0.467\n')).toThrow(
      'line 1: the atom count line says 2 atoms but 3 lines follow',
    );
    expect(() => parseXyz('3\nO 0 0 0.117\nH 0 0.757 -0.467\nH 0 -0.757 -0.467\n')).toThrow('is the comment line missing?');
    expect(() => parseXyz('0\nnothing\n')).toThrow('line 1: the atom count is 0');
  });

  it('enforces the atom-count and size limits', () => {
    expect(() => parseXyz(WATER, { maxAtoms: 2 })).toThrow('line 1: 3 atoms exceed the limit of 2 atoms');
    const headerless = 'H 0 0 0\nH 0 0 1\nH 0 0 2\n';
    expect(() => parseXyz(headerless, { maxAtoms: 2 })).toThrow('line 3: more than 2 atoms: the limit is 2 atoms');
    const big = `1\n${'x'.repeat(1_000_001)}\nH 0 0 0\n`;
    expect(() => parseXyz(big)).toThrow('input is 1.0 MB; the limit is 1 MB');
    expect(() => parseXyz(WATER, { maxBytes: 20 })).toThrow(/input is \d+ bytes; the limit is 20 bytes/);
  });

  it('refuses binary content', () => {
    expect(() => parseXyz('1\n\nH 0 0 0\u0000\n')).toThrow('line 3: contains a NUL byte');
  });
});
