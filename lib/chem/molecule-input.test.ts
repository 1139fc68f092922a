import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseMoleculeInput, parseSdfMoleculeInputs } from './molecule-input.ts';
import { parseXyz } from './parse-xyz.ts';

const fixture = (name: string) => readFileSync(new URL(`./test-fixtures/${name}`, import.meta.url), 'utf8');
const CAFFEINE = 'Cn1cnc2c1c(=O)n(C)c(=O)n2C';
const WATER_XYZ = '3\nwater\nO 0.000 0.000 0.117\nH 0.000 0.757 -0.467\nH 0.000 -0.757 -0.467\n';

async function errorsOf(input: Parameters<typeof parseMoleculeInput>[0]) {
  const result = await parseMoleculeInput(input);
  if (result.ok) throw new Error('expected the input to be refused');
  return result.errors;
}

describe('parseMoleculeInput', () => {
  it('normalises a SMILES', async () => {
    const result = await parseMoleculeInput({ format: 'smiles', text: CAFFEINE, name: 'caffeine' });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.molecule).toMatchObject({
      name: 'caffeine',
      sourceFormat: 'smiles',
      inputSmiles: CAFFEINE,
      canonicalSmiles: 'Cn1c(=O)c2c(ncn2C)n(C)c1=O',
      inchiKey: 'RYYVLZVUVIJVGH-UHFFFAOYSA-N',
      formula: 'C8H10N4O2',
      netCharge: 0,
      uhf: 0,
      electrons: 102,
      atomCount: 24,
      atoms: null,
      xyz: null,
      needsEmbedding: true,
      deduplicationKey: 'inchikey:RYYVLZVUVIJVGH-UHFFFAOYSA-N',
    });
    expect(result.molecule.molecularWeight).toBeCloseTo(194.19, 2);
    expect(result.molecule.svg).toContain('<svg');
  });

  it('embeds a SMILES when asked', async () => {
    const result = await parseMoleculeInput({ format: 'smiles', text: CAFFEINE, embed: true });
    expect(result.ok && result.molecule.atoms).toHaveLength(24);
    expect(result.ok && result.molecule.geometryHash).toMatch(/^[0-9a-f]{64}$/);
    expect(result.ok && result.molecule.needsEmbedding).toBe(false);
  });

  it('re-writes XYZ input from the parsed atoms (BOM and CRLF gone) and keys it by geometry', async () => {
    const withNoise = `\uFEFF${WATER_XYZ.replaceAll('\n', '\r\n')}`;
    const result = await parseMoleculeInput({ format: 'xyz', text: withNoise });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const water = result.molecule;
    expect(water).toMatchObject({ name: 'water', formula: 'H2O', atomCount: 3, electrons: 10, canonicalSmiles: null, inchiKey: null, descriptors: null });
    expect(water.molecularWeight).toBeCloseTo(18.015, 3);
    expect(water.xyz).not.toContain('\uFEFF');
    expect(water.xyz).not.toContain('\r');
    expect(parseXyz(water.xyz!).atoms).toEqual(water.atoms);
    expect(water.deduplicationKey).toBe(`geometry:${water.geometryHash}`);
    const plain = await parseMoleculeInput({ format: 'xyz', text: WATER_XYZ });
    expect(plain.ok && plain.molecule.geometryHash).toBe(water.geometryHash);
  });

  it('takes ethanol from a MOL file with its 3D coordinates', async () => {
    const result = await parseMoleculeInput({ format: 'mol', text: fixture('ethanol.mol') });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.molecule).toMatchObject({
      name: 'ethanol',
      canonicalSmiles: 'CCO',
      inchiKey: 'LFQSCWFLJHTTHZ-UHFFFAOYSA-N',
      formula: 'C2H6O',
      atomCount: 9,
      needsEmbedding: false,
    });
    expect(result.molecule.atoms).toHaveLength(9);
  });

  it('reads an SDF record by record, keeping data fields and flagging 2D drawings', async () => {
    const results = await parseSdfMoleculeInputs({ text: fixture('two-records.sdf') });
    expect(results).toHaveLength(2);
    const [aspirin, methylammonium] = results.map((entry) => (entry.result.ok ? entry.result.molecule : null));
    expect(aspirin).toMatchObject({ name: 'aspirin', formula: 'C9H8O4', inchiKey: 'BSYNRYMUTXBXSQ-UHFFFAOYSA-N', needsEmbedding: false });
    expect(aspirin!.metadata).toMatchObject({ ID: 'QF-0001' });
    expect(methylammonium).toMatchObject({ name: 'methylammonium', canonicalSmiles: 'C[NH3+]', netCharge: 1, atomCount: 8, needsEmbedding: true, atoms: null });
    expect(methylammonium!.warnings).toEqual(['the file has 2D coordinates: 3D coordinates will be generated from the structure']);
    expect(await errorsOf({ format: 'sdf', text: fixture('two-records.sdf') })).toEqual([
      { field: 'text', message: 'the SD file holds 2 structures: upload it as a batch, or keep one record' },
    ]);
  });

  it('reports every validation message against its field', async () => {
    expect(await errorsOf({ format: 'smiles', text: '' })).toEqual([{ field: 'smiles', message: 'SMILES is empty' }]);
    expect(await errorsOf({ format: 'smiles', text: 'C1CC' })).toEqual([{ field: 'smiles', message: 'invalid SMILES: unclosed ring' }]);
    expect(await errorsOf({ format: 'xyz', text: '' })).toEqual([{ field: 'text', message: 'input is empty' }]);
    expect(await errorsOf({ format: 'xyz', text: '2\n\nH 0 0 0\nXx 0 0 1\n' })).toEqual([{ field: 'text', message: "line 4: unknown element 'Xx'" }]);
    expect(await errorsOf({ format: 'xyz', text: '2\n\nU 0 0 0\nO 0 0 1.8\n' })).toEqual([
      { field: 'text', message: 'line 3: uranium (U, Z = 92) is not supported: xTB parametrises H–Rn (Z 1–86)' },
    ]);
    expect(await errorsOf({ format: 'xyz', text: '3\n\nO 0 0 0\nH 0 0.757\nH 0 -0.757 0.5\n' })).toEqual([
      { field: 'text', message: 'line 4: expected element and three coordinates' },
    ]);
    expect(await errorsOf({ format: 'xyz', text: WATER_XYZ.replace('3', '4') })).toEqual([
      { field: 'text', message: 'line 1: the atom count line says 4 atoms but 3 atom lines follow' },
    ]);
    expect(await errorsOf({ format: 'xyz', text: WATER_XYZ, limits: { maxAtoms: 2 } })).toEqual([
      { field: 'text', message: 'line 1: 3 atoms exceed the limit of 2 atoms' },
    ]);
    expect(await errorsOf({ format: 'smiles', text: 'CCCCCCCCCC', limits: { maxAtoms: 20 } })).toEqual([
      { field: 'smiles', message: '32 atoms with hydrogens exceed the limit of 20 atoms' },
    ]);
    expect(await errorsOf({ format: 'xyz', text: WATER_XYZ, limits: { maxBytes: 50 } })).toEqual([
      { field: 'text', message: 'input is 71 bytes; the limit is 50 bytes' },
    ]);
    expect(await errorsOf({ format: 'xyz', text: WATER_XYZ, uhf: 1 })).toEqual([
      {
        field: 'uhf',
        message:
          '10 electrons with charge 0 cannot have 1 unpaired electron: parity mismatch: use an even number of unpaired electrons (0 for a closed shell) or change the charge',
      },
    ]);
    expect(await errorsOf({ format: 'smiles', text: 'O', uhf: 1 })).toEqual([expect.objectContaining({ field: 'uhf' })]);
    expect(await errorsOf({ format: 'smiles', text: 'CCO', charge: 1 })).toEqual([
      {
        field: 'charge',
        message: "charge +1 contradicts the structure's net formal charge 0: put the charge on the atoms in the SMILES (e.g. [NH4+])",
      },
    ]);
    expect(await errorsOf({ format: 'xyz', text: WATER_XYZ, charge: 20, uhf: -1 })).toHaveLength(2);
    expect(await errorsOf({ format: 'xyz', text: '3\n\nO 0 0 0\nH 0 0 0.1\nH 0 0.757 -0.467\n' })).toEqual([
      { field: 'text', message: 'atoms 1 (O) and 2 (H) are 0.100 Å apart; the minimum is 0.50 Å' },
    ]);
    expect(await errorsOf({ format: 'xyz', text: '3\n\nO 0 0 0\nH 0 0 0\nH 0 0 0\n' })).toEqual([
      { field: 'text', message: 'all 3 atoms are at the same point (0, 0, 0): the structure has no 3D coordinates' },
    ]);
  });

  it('accepts radicals and charged XYZ input with matching spin', async () => {
    const methyl = await parseMoleculeInput({ format: 'smiles', text: '[CH3]' });
    expect(methyl.ok && methyl.molecule).toMatchObject({ uhf: 1, electrons: 9 });
    const hydroxide = await parseMoleculeInput({ format: 'xyz', text: '2\n\nO 0 0 0\nH 0 0 0.97\n', charge: -1 });
    expect(hydroxide.ok && hydroxide.molecule).toMatchObject({ netCharge: -1, electrons: 10, uhf: 0 });
  });
});
