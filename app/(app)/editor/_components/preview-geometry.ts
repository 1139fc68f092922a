// Browser-side geometry for the editor's instant preview: OpenChemLib embeds SMILES (or a 2D
// molfile) in 3D with explicit hydrogens in a few tens of milliseconds. The worker embeds again for
// the calculation itself; this is only what the user looks at while editing.
/** What the structure is, shown before submit: what will be computed, in a chemist's terms. */
export type StructureSummary = {
  formula: string;
  molecularWeight: number;
  /** Sum of formal charges in the structure. */
  charge: number;
  /** Unpaired electrons the structure declares (radicals). */
  radicalElectrons: number;
  /** Stereocentres and double bonds whose configuration the structure leaves open. */
  undefinedStereocentres: number;
  undefinedDoubleBonds: number;
};

export type PreviewResult = { ok: true; xyz: string; atomCount: number; summary: StructureSummary; smiles: string | null } | { ok: false; message: string };

type OclModule = typeof import('openchemlib');

let ocl: Promise<OclModule> | null = null;
function loadOcl(): Promise<OclModule> {
  if (!ocl) {
    ocl = (async () => {
      const [mod, response] = await Promise.all([import('openchemlib'), fetch('/api/openchemlib-resources')]);
      // The conformer generator's torsion and force-field tables; served by app/api/openchemlib-resources.
      if (!response.ok) throw new Error(`its resource tables could not be loaded (HTTP ${response.status})`);
      mod.Resources.register(await response.text());
      return mod;
    })();
    ocl.catch(() => {
      ocl = null;
    });
  }
  return ocl;
}

/** SMILES → 3D XYZ (with hydrogens). */
export async function smilesToPreviewXyz(smiles: string, title = 'preview'): Promise<PreviewResult> {
  const text = smiles.trim();
  if (!text) return { ok: false, message: 'Type a SMILES or draw a molecule to see it in 3D.' };
  const { Molecule, ConformerGenerator } = await loadOcl();
  let mol;
  try {
    mol = Molecule.fromSmiles(text);
  } catch (error) {
    return { ok: false, message: `The preview cannot read this SMILES: ${parserMessage(error)}.` };
  }
  return embed(ConformerGenerator, mol, title, describe(Molecule, mol), null);
}

/** MOL/SDF text → 3D XYZ: its own coordinates when it has 3D ones with hydrogens, else a fresh conformer. */
export async function molfileToPreviewXyz(molfile: string, title = 'preview'): Promise<PreviewResult> {
  const { Molecule, ConformerGenerator } = await loadOcl();
  let mol;
  try {
    // An SD file's first record is what the editor computes.
    mol = Molecule.fromMolfile(molfile.split(/^\$\$\$\$/m)[0] ?? molfile);
  } catch (error) {
    return { ok: false, message: `The preview cannot read this file: ${parserMessage(error)}.` };
  }
  const atoms = mol.getAllAtoms();
  if (atoms === 0) return { ok: false, message: 'The file holds no atoms.' };
  let is3d = false;
  let hasH = false;
  for (let i = 0; i < atoms; i++) {
    if (Math.abs(mol.getAtomZ(i)) > 1e-4) is3d = true;
    if (mol.getAtomicNo(i) === 1) hasH = true;
  }
  const summary = describe(Molecule, mol);
  // The file's structure as SMILES, so the SMILES field shows this molecule rather than the previous one.
  const smiles = safely(() => mol.toIsomericSmiles());
  if (is3d && hasH) return withSummary(fromMolfileText(mol.toMolfile(), title), summary, smiles);
  return embed(ConformerGenerator, mol, title, summary, smiles);
}

type OclMolecule = InstanceType<OclModule['Molecule']>;

function embed(
  ConformerGenerator: OclModule['ConformerGenerator'],
  mol: OclMolecule,
  title: string,
  summary: StructureSummary,
  smiles: string | null,
): PreviewResult {
  if (mol.getAllAtoms() === 0) return { ok: false, message: 'The structure has no atoms.' };
  // A fixed seed: the same SMILES always previews the same way.
  let conformer: OclMolecule | null;
  try {
    conformer = new ConformerGenerator(42).getOneConformerAsMolecule(mol);
  } catch {
    conformer = null;
  }
  if (!conformer) return { ok: false, message: 'No 3D conformer could be generated for the preview; the calculation will embed it on the server.' };
  return withSummary(fromMolfileText(conformer.toMolfile(), title), summary, smiles);
}

function withSummary(result: ReturnType<typeof fromMolfileText>, summary: StructureSummary, smiles: string | null): PreviewResult {
  return result.ok ? { ...result, summary, smiles } : result;
}

function describe(Molecule: OclModule['Molecule'], mol: OclMolecule): StructureSummary {
  mol.ensureHelperArrays(Molecule.cHelperParities);
  let charge = 0;
  let radicalElectrons = 0;
  let undefinedStereocentres = 0;
  let undefinedDoubleBonds = 0;
  for (let atom = 0; atom < mol.getAllAtoms(); atom++) {
    charge += mol.getAtomCharge(atom);
    const radical = mol.getAtomRadical(atom);
    radicalElectrons += radical === Molecule.cAtomRadicalStateD ? 1 : radical === Molecule.cAtomRadicalStateT ? 2 : 0;
    if (mol.getAtomParity(atom) === Molecule.cAtomParityUnknown) undefinedStereocentres++;
  }
  for (let bond = 0; bond < mol.getAllBonds(); bond++) if (mol.getBondParity(bond) === Molecule.cBondParityUnknown) undefinedDoubleBonds++;
  const formula = mol.getMolecularFormula();
  return { formula: formula.formula, molecularWeight: formula.relativeWeight, charge, radicalElectrons, undefinedStereocentres, undefinedDoubleBonds };
}

function safely<T>(read: () => T): T | null {
  try {
    return read();
  } catch {
    return null;
  }
}

/**
 * OpenChemLib's parser errors in words: "Class$S19: SmilesParser: dangling ring closure: 1; position:5
 * Class$S19: …" becomes "dangling ring closure 1 (position 5)". Its class names mean nothing to users.
 */
export function parserMessage(error: unknown): string {
  const raw = error instanceof Error ? error.message : String(error);
  const first =
    raw
      .split(/Class\$\w+:\s*/)
      .map((part) => part.trim())
      .find(Boolean) ?? '';
  const text = first
    .replace(/^\w*(Parser|Exception|Error):\s*/, '')
    .replace(/:\s*(\S+);\s*position:\s*(\d+)$/, ' $1 (position $2)')
    .replace(/;?\s*position:\s*(\d+)$/, ' (position $1)')
    .replace(/[^\x20-\x7e]/g, '?')
    .trim();
  return text && !/^(null|undefined|java\.|Class\$)/.test(text) ? text : 'the structure is not valid';
}

// OpenChemLib's internal frame has y (and z) flipped against the molfile convention; reading the
// molfile it writes keeps stereocentres the right way round.
function fromMolfileText(molfile: string, title: string): { ok: true; xyz: string; atomCount: number } | { ok: false; message: string } {
  const lines = molfile.split(/\r?\n/);
  const counts = lines[3] ?? '';
  const atomCount = Number.parseInt(counts.slice(0, 3), 10);
  if (!Number.isFinite(atomCount) || atomCount <= 0) return { ok: false, message: 'The preview produced no atoms.' };
  const out: string[] = [String(atomCount), title];
  for (let i = 0; i < atomCount; i++) {
    const line = lines[4 + i] ?? '';
    const x = Number.parseFloat(line.slice(0, 10));
    const y = Number.parseFloat(line.slice(10, 20));
    const z = Number.parseFloat(line.slice(20, 30));
    const element = line.slice(31, 34).trim();
    if (!element || ![x, y, z].every(Number.isFinite)) return { ok: false, message: 'The preview produced an unreadable geometry.' };
    out.push(`${element.padEnd(2)} ${fmt(x)} ${fmt(y)} ${fmt(z)}`);
  }
  return { ok: true, xyz: `${out.join('\n')}\n`, atomCount };
}

function fmt(v: number): string {
  return v.toFixed(6).padStart(12);
}
