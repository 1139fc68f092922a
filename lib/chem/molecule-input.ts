// The one entry point for a molecule typed, drawn or uploaded: parse, validate (elements H–Rn,
// atom-count and size limits, charge and spin against the electron count, geometry), identify
// (canonical SMILES, InChIKey, or a geometry hash for XYZ) and describe. Returns a normalised record
// or every problem found, each tied to the form field that needs fixing.
import { ChemInputError, type InputIssue } from './chem-input-error.ts';
import { findNameProblem, MAX_NAME_LENGTH } from './characters.ts';
import { countElectrons } from './electrons.ts';
import { hillFormula, molarMass, requireElement } from './elements.ts';
import { embedSmilesTo3d, EmbedError, type EmbedOptions } from './embed-3d.ts';
import { DEFAULT_MAX_ABS_CHARGE, DEFAULT_MAX_ATOMS, DEFAULT_MAX_INPUT_BYTES, DEFAULT_MAX_SMILES_LENGTH } from './input-limits.ts';
import { parseMolfile, readSdf, type MolfileRecord } from './parse-molfile.ts';
import { parseXyz, type Atom } from './parse-xyz.ts';
import { analyseMolblock, analyseSmiles, type MoleculeDescriptors, type MoleculeIdentity } from './smiles.ts';
import { findGeometryProblem } from './validate-geometry.ts';
import { geometryHash, writeXyz } from './write-xyz.ts';

export const MOLECULE_FORMATS = ['smiles', 'xyz', 'mol', 'sdf'] as const;
export type MoleculeFormat = (typeof MOLECULE_FORMATS)[number];

export type MoleculeInputLimits = { maxBytes?: number; maxAtoms?: number; maxSmilesLength?: number; maxAbsCharge?: number };

export type MoleculeInput = {
  format: MoleculeFormat;
  text: string;
  /** Net charge. For SMILES/MOL/SDF the structure carries it: a different value here is refused. XYZ default 0. */
  charge?: number;
  /** Unpaired electrons (xtb --uhf). Default: the structure's radical electrons, 0 for XYZ. */
  uhf?: number;
  name?: string;
  limits?: MoleculeInputLimits;
  /**
   * Embed SMILES (and 2D or hydrogen-less MOL/SDF) in 3D with Open Babel now. Off by default: the
   * request path validates, the worker embeds.
   */
  embed?: boolean | EmbedOptions;
  /** Skip RDKit descriptors and the depiction (batch upload: identity is what it needs). */
  identityOnly?: boolean;
};

export type MoleculeRecord = {
  name: string;
  sourceFormat: MoleculeFormat;
  inputSmiles: string | null;
  canonicalSmiles: string | null;
  inchi: string | null;
  inchiKey: string | null;
  formula: string;
  netCharge: number;
  uhf: number;
  electrons: number;
  /** Atoms including hydrogens. */
  atomCount: number;
  /** 3D atoms that xtb will compute, when the input had usable coordinates (or embed was asked for). */
  atoms: Atom[] | null;
  /** XYZ re-written from `atoms`, never the uploaded bytes. */
  xyz: string | null;
  geometryHash: string | null;
  /** True when coordinates must still be generated (SMILES, 2D drawings, molfiles without hydrogens). */
  needsEmbedding: boolean;
  /** Per-owner identity: InChIKey, else canonical SMILES, else the geometry hash. */
  deduplicationKey: string;
  molecularWeight: number;
  /** RDKit descriptors; null for XYZ input (no connectivity). */
  descriptors: MoleculeDescriptors | null;
  svg: string | null;
  /** SD data fields and the XYZ comment, kept as molecule metadata. */
  metadata: Record<string, string>;
  warnings: string[];
};

export type MoleculeInputResult = { ok: true; molecule: MoleculeRecord } | { ok: false; errors: InputIssue[] };

export async function parseMoleculeInput(input: MoleculeInput): Promise<MoleculeInputResult> {
  try {
    const issues = checkOptions(input);
    if (issues.length > 0) return { ok: false, errors: issues };
    switch (input.format) {
      case 'smiles':
        return await fromSmiles(input);
      case 'xyz':
        return fromXyz(input);
      case 'mol':
        return await fromMolfile(input, parseMolfile(input.text, fileLimits(input)));
      case 'sdf': {
        const results = readSdf(input.text, fileLimits(input));
        if (results.length > 1) {
          return fail('text', `the SD file holds ${results.length} structures: upload it as a batch, or keep one record`);
        }
        const only = results[0]!;
        if (!only.ok) throw only.error;
        return await fromMolfile(input, only.record);
      }
    }
  } catch (error) {
    if (error instanceof ChemInputError) return fail(error.field, error.message);
    // A structure Open Babel cannot embed is the input's fault; a missing binary, timeout or cancel is not.
    if (error instanceof EmbedError && (error.code === 'failed' || error.code === 'bad-geometry')) {
      return fail(input.format === 'smiles' ? 'smiles' : 'text', error.message);
    }
    throw error;
  }
}

/** Every record of an SD file as its own result, for batch upload. */
export async function parseSdfMoleculeInputs(
  input: Omit<MoleculeInput, 'format' | 'name'>,
): Promise<{ index: number; firstLine: number; result: MoleculeInputResult }[]> {
  const sdfInput: MoleculeInput = { ...input, format: 'sdf' };
  const optionIssues = checkOptions(sdfInput);
  let records;
  try {
    records = readSdf(input.text, fileLimits(sdfInput));
  } catch (error) {
    if (error instanceof ChemInputError) return [{ index: 0, firstLine: 1, result: fail(error.field, error.message) }];
    throw error;
  }
  const results = [];
  for (const entry of records) {
    let result: MoleculeInputResult;
    if (optionIssues.length > 0) result = { ok: false, errors: optionIssues };
    else if (!entry.ok) result = fail(entry.error.field, entry.error.message);
    else {
      try {
        result = await fromMolfile(sdfInput, entry.record);
      } catch (error) {
        if (!(error instanceof ChemInputError)) throw error;
        result = fail(error.field, error.message);
      }
    }
    results.push({ index: entry.index, firstLine: entry.ok ? entry.record.firstLine : entry.firstLine, result });
  }
  return results;
}

function fail(field: InputIssue['field'], message: string): MoleculeInputResult {
  return { ok: false, errors: [{ field, message }] };
}

function checkOptions(input: MoleculeInput): InputIssue[] {
  const issues: InputIssue[] = [];
  if (!(MOLECULE_FORMATS as readonly string[]).includes(input.format)) {
    issues.push({ field: 'format', message: `unknown format '${String(input.format)}': use SMILES, XYZ, MOL or SDF` });
  }
  if (typeof input.text !== 'string') issues.push({ field: 'text', message: 'input is empty' });
  if (typeof input.name === 'string') {
    const problem = findNameProblem(input.name);
    if (problem) issues.push({ field: 'name', message: problem });
  }
  return issues;
}

function fileLimits(input: MoleculeInput) {
  return {
    maxBytes: input.limits?.maxBytes ?? DEFAULT_MAX_INPUT_BYTES,
    maxAtoms: input.limits?.maxAtoms ?? DEFAULT_MAX_ATOMS,
  };
}

async function fromSmiles(input: MoleculeInput): Promise<MoleculeInputResult> {
  const identity = await analyseSmiles(input.text, {
    maxLength: input.limits?.maxSmilesLength ?? DEFAULT_MAX_SMILES_LENGTH,
    maxAtoms: input.limits?.maxAtoms ?? DEFAULT_MAX_ATOMS,
    identityOnly: input.identityOnly,
  });
  const spin = checkChargeAndSpin(input, identity, 'SMILES (e.g. [NH4+])');
  if (!spin.ok) return spin;
  const geometry = input.embed ? await embed(identity.inputSmiles, identity.atomCount, input) : null;
  return {
    ok: true,
    molecule: buildRecord(input, identity, geometry, {
      inputSmiles: identity.inputSmiles,
      fallbackName: '',
      metadata: {},
      warnings: [],
      ...spin,
    }),
  };
}

async function fromMolfile(input: MoleculeInput, record: MolfileRecord): Promise<MoleculeInputResult> {
  const identity = await analyseMolblock(record.molblock, { maxAtoms: input.limits?.maxAtoms ?? DEFAULT_MAX_ATOMS, identityOnly: input.identityOnly });
  const spin = checkChargeAndSpin(input, identity, 'molfile');
  if (!spin.ok) return spin;

  const warnings: string[] = [];
  let geometry: Atom[] | null = null;
  if (!record.has3dCoordinates) {
    warnings.push('the file has 2D coordinates: 3D coordinates will be generated from the structure');
  } else if (record.atoms.length < identity.atomCount) {
    warnings.push(
      `the file has ${record.atoms.length} atoms but the molecule has ${identity.atomCount} with hydrogens: ` +
        '3D coordinates with hydrogens will be generated from the structure',
    );
  } else {
    geometry = record.atoms.map(({ element, x, y, z }) => ({ element, x, y, z }));
    const problem = findGeometryProblem(geometry);
    if (problem) return fail('text', problem.message);
  }
  if (!geometry && input.embed) geometry = await embed(identity.canonicalSmiles, identity.atomCount, input);

  const nameField = record.data.Name ?? record.data.NAME ?? record.data.name ?? '';
  return {
    ok: true,
    molecule: buildRecord(input, identity, geometry, {
      inputSmiles: null,
      fallbackName: record.name || nameField,
      metadata: record.data,
      warnings,
      ...spin,
    }),
  };
}

function fromXyz(input: MoleculeInput): MoleculeInputResult {
  const { atoms, comment } = parseXyz(input.text, fileLimits(input));
  const charge = input.charge ?? 0;
  const uhf = input.uhf ?? 0;
  const nuclearCharge = atoms.reduce((sum, atom) => sum + requireElement(atom.element).atomicNumber, 0);
  const electrons = countElectrons({
    nuclearCharge,
    charge,
    uhf,
    maxAbsCharge: input.limits?.maxAbsCharge ?? DEFAULT_MAX_ABS_CHARGE,
  });
  if (!electrons.ok) return { ok: false, errors: electrons.issues };
  const problem = findGeometryProblem(atoms);
  if (problem) return fail('text', problem.message);

  const symbols = atoms.map((atom) => atom.element);
  const formula = hillFormula(symbols);
  const hash = geometryHash(atoms);
  const name = cleanName(input.name) || cleanName(comment).slice(0, 100) || formula;
  return {
    ok: true,
    molecule: {
      name,
      sourceFormat: 'xyz',
      inputSmiles: null,
      canonicalSmiles: null,
      inchi: null,
      inchiKey: null,
      formula,
      netCharge: charge,
      uhf,
      electrons: electrons.electrons,
      atomCount: atoms.length,
      atoms,
      xyz: writeXyz(atoms, name),
      geometryHash: hash,
      needsEmbedding: false,
      deduplicationKey: `geometry:${hash}`,
      molecularWeight: molarMass(symbols),
      descriptors: null,
      svg: null,
      metadata: comment ? { comment } : {},
      warnings: [],
    },
  };
}

type SpinResult = { ok: true; netCharge: number; uhf: number; electrons: number };

function checkChargeAndSpin(input: MoleculeInput, identity: MoleculeIdentity, whereChargeGoes: string): SpinResult | { ok: false; errors: InputIssue[] } {
  if (input.charge !== undefined && input.charge !== identity.netCharge) {
    return {
      ok: false,
      errors: [
        {
          field: 'charge',
          message:
            `charge ${signed(input.charge)} contradicts the structure's net formal charge ${signed(identity.netCharge)}: ` +
            `put the charge on the atoms in the ${whereChargeGoes}`,
        },
      ],
    };
  }
  const uhf = input.uhf ?? identity.radicalElectrons;
  const electrons = countElectrons({
    nuclearCharge: identity.nuclearCharge,
    charge: identity.netCharge,
    uhf,
    maxAbsCharge: input.limits?.maxAbsCharge ?? DEFAULT_MAX_ABS_CHARGE,
  });
  if (!electrons.ok) return { ok: false, errors: electrons.issues };
  return { ok: true, netCharge: identity.netCharge, uhf, electrons: electrons.electrons };
}

async function embed(smiles: string, expectedAtomCount: number, input: MoleculeInput): Promise<Atom[]> {
  const options = typeof input.embed === 'object' ? input.embed : {};
  return (await embedSmilesTo3d(smiles, { expectedAtomCount, ...options })).atoms;
}

function buildRecord(
  input: MoleculeInput,
  identity: MoleculeIdentity,
  atoms: Atom[] | null,
  extra: SpinResult & { inputSmiles: string | null; fallbackName: string; metadata: Record<string, string>; warnings: string[] },
): MoleculeRecord {
  const name = cleanName(input.name) || cleanName(extra.fallbackName) || identity.formula;
  const hash = atoms ? geometryHash(atoms) : null;
  const deduplicationKey = identity.inchiKey ? `inchikey:${identity.inchiKey}` : `smiles:${identity.canonicalSmiles}`;
  return {
    name,
    sourceFormat: input.format,
    inputSmiles: extra.inputSmiles,
    canonicalSmiles: identity.canonicalSmiles,
    inchi: identity.inchi,
    inchiKey: identity.inchiKey,
    formula: identity.formula,
    netCharge: extra.netCharge,
    uhf: extra.uhf,
    electrons: extra.electrons,
    atomCount: identity.atomCount,
    atoms,
    xyz: atoms ? writeXyz(atoms, name) : null,
    geometryHash: hash,
    needsEmbedding: atoms === null,
    deduplicationKey,
    molecularWeight: identity.molecularWeight,
    descriptors: identity.descriptors,
    svg: identity.svg,
    metadata: extra.metadata,
    warnings: extra.warnings,
  };
}

/** Names found in files (a molfile's title, an XYZ comment) are tidied; typed names were checked above. */
function cleanName(name: string | undefined): string {
  const tidy = (name ?? '').replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
  // Cut by characters, not UTF-16 units, so an emoji is never split in half.
  const chars = [...tidy];
  return chars.length > MAX_NAME_LENGTH ? chars.slice(0, MAX_NAME_LENGTH).join('') : tidy;
}

function signed(value: number): string {
  return value > 0 ? `+${value}` : String(value);
}
