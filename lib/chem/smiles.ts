// SMILES (and molblock) chemistry through RDKit: validation with RDKit's own message, canonical
// SMILES, InChI/InChIKey (this MinimalLib build has get_inchi), Hill formula, net charge, atom
// count with hydrogens, descriptors and a 2D depiction sized for a list row.
import { ChemInputError } from './chem-input-error.ts';
import { findSmilesCharacterProblem } from './characters.ts';
import { elementByAtomicNumber, hillFormula, molarMass } from './elements.ts';
import { DEFAULT_MAX_ATOMS, DEFAULT_MAX_SMILES_LENGTH } from './input-limits.ts';
import { withMolecule, type RDKitModule, type RDKitMol } from './rdkit.ts';

export type MoleculeDescriptors = {
  /** Average molecular weight, g/mol (RDKit amw). */
  molecularWeight: number;
  /** Monoisotopic mass, Da. */
  exactMass: number;
  /** Wildman–Crippen logP. */
  logP: number;
  hbd: number;
  hba: number;
  rotatableBonds: number;
  /** Topological polar surface area, Å². */
  tpsa: number;
  /** Wildman–Crippen molar refractivity. */
  molarRefractivity: number;
  heavyAtoms: number;
  rings: number;
  aromaticRings: number;
  fractionCsp3: number;
};

export type MoleculeIdentity = {
  canonicalSmiles: string;
  /** Null when InChI cannot represent the structure. */
  inchi: string | null;
  inchiKey: string | null;
  formula: string;
  netCharge: number;
  /** Atoms including every hydrogen (implicit ones too): what xtb will compute. */
  atomCount: number;
  /** Sum of atomic numbers over all atoms including hydrogens. */
  nuclearCharge: number;
  /** Unpaired electrons the structure itself declares (radicals such as [CH3]). */
  radicalElectrons: number;
  /** Average molecular weight, g/mol (from the formula when descriptors were skipped). */
  molecularWeight: number;
  /** Null with `identityOnly`. */
  descriptors: MoleculeDescriptors | null;
  /** 2D depiction for a list row (no XML declaration, so it can be inlined); null with `identityOnly`. */
  svg: string | null;
};

export type SmilesOptions = {
  maxLength?: number;
  maxAtoms?: number;
  /**
   * Identity only (canonical SMILES, InChIKey, formula, charge, atom count): no descriptors and no
   * depiction, which cost ≈ 2/3 of the time per molecule. For batch uploads of thousands of rows.
   */
  identityOnly?: boolean;
};

export const LIST_ROW_DEPICTION = { width: 160, height: 120 } as const;

/** Validates and describes a SMILES; throws ChemInputError (field 'smiles') with a precise message. */
export async function analyseSmiles(input: string, options: SmilesOptions = {}): Promise<MoleculeIdentity & { inputSmiles: string }> {
  const smiles = input.trim();
  const maxLength = options.maxLength ?? DEFAULT_MAX_SMILES_LENGTH;
  if (smiles === '') throw new ChemInputError('smiles', 'SMILES is empty');
  if (smiles.length > maxLength) {
    throw new ChemInputError('smiles', `SMILES is ${smiles.length} characters long; the limit is ${maxLength}`);
  }
  // RDKit would silently take text after a space as the molecule's name, and would read a look-alike
  // letter (Cyrillic 'О') as the end of the SMILES: both would compute another molecule.
  const badCharacter = findSmilesCharacterProblem(smiles);
  if (badCharacter) throw new ChemInputError('smiles', badCharacter);
  if (/^InChI=/i.test(smiles)) throw new ChemInputError('smiles', 'this is an InChI, not a SMILES');
  // Counted before RDKit sees the SMILES: a few hundred atoms beyond the limit crash RDKit's WebAssembly.
  const maxAtoms = options.maxAtoms ?? DEFAULT_MAX_ATOMS;
  const written = countWrittenAtoms(smiles);
  if (written > maxAtoms) throw new ChemInputError('smiles', `the SMILES has ${written} atoms before hydrogens; the limit is ${maxAtoms} atoms with hydrogens`);
  const result = await withMolecule(smiles, {}, (mol, rdkit) => describe(mol, rdkit, false, options.identityOnly ?? false));
  if (!result.ok) throw new ChemInputError('smiles', `invalid SMILES: ${result.message}`);
  return { inputSmiles: smiles, ...checkComposition(result.value, 'smiles', maxAtoms) };
}

/**
 * The atoms a SMILES writes out, read from its text alone: each bracket atom (`[13CH3-]`, `[H]`) and
 * each atom of the organic subset (B C N O P S F Cl Br I, and b c n o p s aromatic). Implicit
 * hydrogens are not written, so this never exceeds the atom count RDKit would find.
 */
export function countWrittenAtoms(smiles: string): number {
  let count = 0;
  for (let i = 0; i < smiles.length; i++) {
    const char = smiles[i]!;
    if (char === '[') {
      count++;
      const end = smiles.indexOf(']', i);
      i = end === -1 ? smiles.length : end;
    } else if ('BCNOPSFI'.includes(char)) {
      count++;
      const next = smiles[i + 1];
      if ((char === 'C' && next === 'l') || (char === 'B' && next === 'r')) i++;
    } else if ('bcnops'.includes(char)) {
      count++;
    }
  }
  return count;
}

/** Describes a molblock already checked by parse-molfile (RDKit still judges valences and aromaticity). */
export async function analyseMolblock(molblock: string, options: { maxAtoms?: number; identityOnly?: boolean } = {}): Promise<MoleculeIdentity> {
  const result = await withMolecule(molblock, {}, (mol, rdkit) => describe(mol, rdkit, true, options.identityOnly ?? false));
  if (!result.ok) throw new ChemInputError('text', `RDKit cannot read the structure: ${result.message}`);
  return checkComposition(result.value, 'text', options.maxAtoms ?? DEFAULT_MAX_ATOMS);
}

type RDKitJsonAtom = { z?: number; impHs?: number; chg?: number; nRad?: number };
type RDKitJson = {
  defaults?: { atom?: RDKitJsonAtom };
  molecules?: { atoms?: RDKitJsonAtom[] }[];
};

type Described = MoleculeIdentity & { atomicNumbers: number[] };

function describe(mol: RDKitMol, rdkit: RDKitModule, fromMolblock: boolean, identityOnly: boolean): Described {
  // Molfiles for xtb carry explicit hydrogens; canonical SMILES, descriptors and depiction want them implicit.
  if (fromMolblock) mol.remove_hs_in_place();
  const json = JSON.parse(mol.get_json()) as RDKitJson;
  const defaults = { z: 6, impHs: 0, chg: 0, nRad: 0, ...json.defaults?.atom };
  const atomicNumbers: number[] = [];
  let netCharge = 0;
  let radicalElectrons = 0;
  for (const molecule of json.molecules ?? []) {
    for (const raw of molecule.atoms ?? []) {
      const atom = { ...defaults, ...raw };
      atomicNumbers.push(atom.z);
      for (let h = 0; h < atom.impHs; h++) atomicNumbers.push(1);
      netCharge += atom.chg;
      radicalElectrons += atom.nRad;
    }
  }

  const inchi = safeString(() => mol.get_inchi());
  const inchiKey = inchi ? safeString(() => rdkit.get_inchikey_for_inchi(inchi)) : null;
  const symbols = atomicNumbers.map((z) => {
    const lookup = elementByAtomicNumber(z);
    return lookup.ok ? lookup.element.symbol : `Z${z}`;
  });
  const identity = {
    canonicalSmiles: mol.get_smiles(),
    inchi: inchi || null,
    inchiKey: inchiKey || null,
    formula: hillFormula(symbols),
    netCharge,
    atomCount: atomicNumbers.length,
    nuclearCharge: atomicNumbers.reduce((sum, z) => sum + z, 0),
    radicalElectrons,
    atomicNumbers,
  };
  if (identityOnly) {
    const known = symbols.every((symbol) => !symbol.startsWith('Z'));
    return { ...identity, molecularWeight: known ? molarMass(symbols) : NaN, descriptors: null, svg: null };
  }
  const raw = JSON.parse(mol.get_descriptors()) as Record<string, number>;
  const descriptors: MoleculeDescriptors = {
    molecularWeight: raw.amw ?? NaN,
    exactMass: raw.exactmw ?? NaN,
    logP: raw.CrippenClogP ?? NaN,
    hbd: raw.NumHBD ?? NaN,
    hba: raw.NumHBA ?? NaN,
    rotatableBonds: raw.NumRotatableBonds ?? NaN,
    tpsa: raw.tpsa ?? NaN,
    molarRefractivity: raw.CrippenMR ?? NaN,
    heavyAtoms: raw.NumHeavyAtoms ?? NaN,
    rings: raw.NumRings ?? NaN,
    aromaticRings: raw.NumAromaticRings ?? NaN,
    fractionCsp3: raw.FractionCSP3 ?? NaN,
  };
  // A 3D molblock would be drawn as a projection of its conformer; a fresh 2D layout reads better.
  if (fromMolblock && mol.has_coords() === 3) mol.set_new_coords();
  const svg = mol.get_svg_with_highlights(JSON.stringify({ ...LIST_ROW_DEPICTION, clearBackground: false })).replace(/^<\?xml[^>]*>\s*/, '');

  return { ...identity, molecularWeight: descriptors.molecularWeight, descriptors, svg };
}

function checkComposition(described: Described, field: 'smiles' | 'text', maxAtoms: number): MoleculeIdentity {
  const { atomicNumbers, ...identity } = described;
  for (const [index, z] of atomicNumbers.entries()) {
    if (z === 0) throw new ChemInputError(field, `atom ${index + 1} is a dummy atom (*): only real elements can be computed`);
    const lookup = elementByAtomicNumber(z);
    if (!lookup.ok) throw new ChemInputError(field, lookup.message);
  }
  if (described.atomCount > maxAtoms) {
    throw new ChemInputError(field, `${described.atomCount} atoms with hydrogens exceed the limit of ${maxAtoms} atoms`);
  }
  return identity;
}

function safeString(read: () => string): string | null {
  try {
    return read() || null;
  } catch {
    return null;
  }
}
