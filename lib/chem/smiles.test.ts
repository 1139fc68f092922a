import { describe, expect, it } from 'vitest';
import { analyseSmiles } from './smiles.ts';

const CAFFEINE = 'Cn1cnc2c1c(=O)n(C)c(=O)n2C';

describe('analyseSmiles', () => {
  it('identifies and describes caffeine', async () => {
    const caffeine = await analyseSmiles(` ${CAFFEINE}\n`);
    expect(caffeine.inputSmiles).toBe(CAFFEINE);
    expect(caffeine.canonicalSmiles).toBe('Cn1c(=O)c2c(ncn2C)n(C)c1=O');
    expect(caffeine.inchi).toBe('InChI=1S/C8H10N4O2/c1-10-4-9-6-5(10)7(13)12(3)8(14)11(6)2/h4H,1-3H3');
    expect(caffeine.inchiKey).toBe('RYYVLZVUVIJVGH-UHFFFAOYSA-N');
    expect(caffeine.formula).toBe('C8H10N4O2');
    expect(caffeine.atomCount).toBe(24);
    expect(caffeine.netCharge).toBe(0);
    expect(caffeine.nuclearCharge).toBe(102);
    const d = caffeine.descriptors!;
    expect(d.molecularWeight).toBeCloseTo(194.19, 2);
    expect(d.exactMass).toBeCloseTo(194.0804, 3);
    expect(d.logP).toBeCloseTo(-1.03, 2);
    expect(d.tpsa).toBeCloseTo(61.82, 2);
    expect(d.molarRefractivity).toBeCloseTo(51.2, 1);
    expect(d).toMatchObject({ hbd: 0, hba: 3, rotatableBonds: 0, heavyAtoms: 14, rings: 2, aromaticRings: 2 });
    expect(caffeine.svg).toMatch(/^<svg[^>]*width='160px' height='120px'/);
    expect(caffeine.svg).toContain('</svg>');
  });

  it('reads charges and radicals from the structure', async () => {
    const ammonium = await analyseSmiles('[NH4+]');
    expect(ammonium).toMatchObject({ formula: 'H4N', netCharge: 1, atomCount: 5, radicalElectrons: 0 });
    const methyl = await analyseSmiles('[CH3]');
    expect(methyl).toMatchObject({ formula: 'CH3', radicalElectrons: 1 });
  });

  it('gives RDKit’s reason for an invalid SMILES', async () => {
    await expect(analyseSmiles('C1CC')).rejects.toThrow('invalid SMILES: unclosed ring');
    await expect(analyseSmiles('C(C')).rejects.toThrow('invalid SMILES: extra open parentheses (around position 2)');
    await expect(analyseSmiles('CC(C)(C)(C)(C)C')).rejects.toThrow('invalid SMILES: Explicit valence for atom # 1 C, 6, is greater than permitted');
    await expect(analyseSmiles('c1cccc1')).rejects.toThrow("invalid SMILES: Can't kekulize mol.");
  });

  it('refuses empty, long, spaced and non-SMILES input, and elements xTB cannot compute', async () => {
    await expect(analyseSmiles('  ')).rejects.toThrow('SMILES is empty');
    await expect(analyseSmiles('C'.repeat(2001))).rejects.toThrow('SMILES is 2001 characters long; the limit is 2000');
    await expect(analyseSmiles('CCO ethanol')).rejects.toThrow('SMILES cannot contain spaces or line breaks (position 4)');
    await expect(analyseSmiles('InChI=1S/CH4/h1H4')).rejects.toThrow('this is an InChI, not a SMILES');
    await expect(analyseSmiles('[U]')).rejects.toThrow('uranium (U, Z = 92) is not supported: xTB parametrises H–Rn (Z 1–86)');
    await expect(analyseSmiles('*CC')).rejects.toThrow('atom 1 is a dummy atom (*)');
    await expect(analyseSmiles('CCCCCCCCCC', { maxAtoms: 20 })).rejects.toThrow('32 atoms with hydrogens exceed the limit of 20 atoms');
  });
});
