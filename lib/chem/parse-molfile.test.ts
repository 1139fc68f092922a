import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMolfile, parseSdf, readSdf } from './parse-molfile.ts';

const fixture = (name: string) => readFileSync(new URL(`./test-fixtures/${name}`, import.meta.url), 'utf8');

// Chloride–ammonium pair written by hand in V2000 with an M  CHG block.
const AMMONIUM_CHLORIDE = [
  'ammonium chloride',
  '  handmade',
  '',
  '  2  0  0  0  0  0  0  0  0  0999 V2000',
  '    0.0000    0.0000    0.0000 N   0  0  0  0  0  0  0  0  0  0  0  0',
  '    3.0000    0.0000    0.0000 Cl  0  5  0  0  0  0  0  0  0  0  0  0',
  'M  CHG  2   1   1   2  -1',
  'M  END',
].join('\n');

describe('parseMolfile', () => {
  it('reads a V2000 molfile of ethanol with hydrogens', () => {
    const record = parseMolfile(fixture('ethanol.mol'));
    expect(record.name).toBe('ethanol');
    expect(record.version).toBe('V2000');
    expect(record.atoms).toHaveLength(9);
    expect(record.atoms[2]).toEqual({ element: 'O', x: 3.0904, y: 1.1338, z: 0.7999, charge: 0, unpairedElectrons: 0 });
    expect(record.bonds).toHaveLength(8);
    expect(record.bonds[0]).toEqual({ from: 0, to: 1, order: 1 });
    expect(record.has3dCoordinates).toBe(true);
    expect(record.netCharge).toBe(0);
    expect(record.molblock.endsWith('M  END\n')).toBe(true);
  });

  it('reads a V3000 molfile with a formal charge', () => {
    const record = parseMolfile(fixture('acetate-v3000.mol'));
    expect(record.version).toBe('V3000');
    expect(record.atoms).toHaveLength(7);
    expect(record.atoms[3]).toMatchObject({ element: 'O', charge: -1 });
    expect(record.bonds[4]).toEqual({ from: 1, to: 2, order: 2 });
    expect(record.netCharge).toBe(-1);
  });

  it('lets M  CHG supersede the atom block and tolerates CRLF', () => {
    const record = parseMolfile(AMMONIUM_CHLORIDE.replaceAll('\n', '\r\n'));
    expect(record.atoms.map((atom) => atom.charge)).toEqual([1, -1]);
    expect(record.has3dCoordinates).toBe(false);
  });

  it('gives line numbers for malformed files', () => {
    const lines = fixture('ethanol.mol').split('\n');
    const withBadAtom = [...lines.slice(0, 6), '    2.6087    0.0414    0.0314 Xx  0  0', ...lines.slice(7)].join('\n');
    expect(() => parseMolfile(withBadAtom)).toThrow("line 7: unknown element 'Xx'");
    const withUranium = [...lines.slice(0, 4), '    1.0944    0.0341    0.0311 U   0  0', ...lines.slice(5)].join('\n');
    expect(() => parseMolfile(withUranium)).toThrow('line 5: uranium (U, Z = 92) is not supported');
    const withQueryAtom = [...lines.slice(0, 4), '    1.0944    0.0341    0.0311 R#  0  0', ...lines.slice(5)].join('\n');
    expect(() => parseMolfile(withQueryAtom)).toThrow("line 5: query or pseudo atom 'R#' is not an element");
    const withBadBond = [...lines.slice(0, 13), '  1 12  1  0  0  0  0', ...lines.slice(14)].join('\n');
    expect(() => parseMolfile(withBadBond)).toThrow('line 14: bond refers to atom 12, but there are 9 atoms');
    expect(() => parseMolfile(lines.slice(0, 10).join('\n'))).toThrow('no "M  END" line');
    expect(() => parseMolfile('ethanol\n\n\nnot a counts line\nM  END\n')).toThrow('line 4: expected the counts line');
    expect(() => parseMolfile('')).toThrow('input is empty');
  });

  it('enforces the atom-count limit and refuses a second record', () => {
    expect(() => parseMolfile(fixture('ethanol.mol'), { maxAtoms: 5 })).toThrow('line 4: 9 atoms exceed the limit of 5 atoms');
    expect(() => parseMolfile(fixture('two-records.sdf'))).toThrow('the file holds 2 structures: upload it as SDF');
  });
});

describe('SD files', () => {
  it('reads two records with names and data fields', () => {
    const records = parseSdf(fixture('two-records.sdf'));
    expect(records.map((record) => record.name)).toEqual(['aspirin', 'methylammonium']);
    expect(records[0]!.atoms).toHaveLength(21);
    expect(records[0]!.has3dCoordinates).toBe(true);
    expect(records[0]!.data).toEqual({ ID: 'QF-0001', 'measured log solubility': '-1.72' });
    expect(records[1]!.data).toEqual({ ID: 'QF-0002', comment: 'two-line\nvalue' });
    expect(records[1]!.netCharge).toBe(1);
    expect(records[1]!.has3dCoordinates).toBe(false);
    expect(records[1]!.firstLine).toBeGreaterThan(records[0]!.firstLine);
  });

  it('refuses a bad record on its own, with file line numbers', () => {
    const text = fixture('two-records.sdf').replace(/\n {4}0\.0000 {4}0\.0000 {4}0\.0000 N /, '\n    0.0000    0.0000    0.0000 Q ');
    const results = readSdf(text);
    expect(results[0]!.ok).toBe(true);
    expect(results[1]!.ok).toBe(false);
    const secondStart = results[1]!.ok ? 0 : results[1]!.firstLine;
    expect(!results[1]!.ok && results[1]!.error.message).toBe(`line ${secondStart + 5}: query or pseudo atom 'Q' is not an element`);
    expect(() => parseSdf(text)).toThrow(`record 2 (methylammonium): line ${secondStart + 5}: query or pseudo atom 'Q'`);
  });
});
