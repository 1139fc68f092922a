// Measures SMILES → 3D embedding cost per molecule: Open Babel `--gen3d` (what the worker uses, via
// lib/chem/embed-3d.ts, parse and geometry check included) against OpenChemLib's ConformerGenerator
// (what the editor can run in the browser), in the same run on the same molecules.
//   npx node scripts/bench-embed.ts [repeats=3]
// One embedding at a time (OMP_NUM_THREADS=1 for obabel), so figures are per molecule and core.
import { ConformerGenerator, Molecule, Resources } from 'openchemlib';
import { embedSmilesTo3d } from '../lib/chem/embed-3d.ts';
import { findGeometryProblem } from '../lib/chem/validate-geometry.ts';

const MOLECULES: [name: string, smiles: string][] = [
  ['caffeine', 'Cn1cnc2c1c(=O)n(C)c(=O)n2C'],
  ['aspirin', 'CC(=O)Oc1ccccc1C(=O)O'],
  ['paracetamol', 'CC(=O)Nc1ccc(O)cc1'],
  ['ibuprofen', 'CC(C)Cc1ccc(cc1)C(C)C(=O)O'],
  ['diazepam', 'CN1C(=O)CN=C(c2ccccc2)c2cc(Cl)ccc21'],
  ['sildenafil', 'CCCc1nn(C)c2c(=O)[nH]c(-c3cc(S(=O)(=O)N4CCN(C)CC4)ccc3OCC)nc12'],
  ['imatinib', 'Cc1ccc(NC(=O)c2ccc(CN3CCN(C)CC3)cc2)cc1Nc1nccc(-c2cccnc2)n1'],
  ['atorvastatin', 'CC(C)c1c(C(=O)Nc2ccccc2)c(-c2ccccc2)c(-c2ccc(F)cc2)n1CC[C@@H](O)C[C@@H](O)CC(=O)O'],
];

const repeats = Number(process.argv[2] ?? 3);
if (!Number.isInteger(repeats) || repeats < 1) throw new Error('usage: bench-embed.ts [repeats ≥ 1]');

Resources.registerFromNodejs();

function embedWithOpenChemLib(smiles: string): number {
  const molecule = Molecule.fromSmiles(smiles);
  const conformer = new ConformerGenerator(42).getOneConformerAsMolecule(molecule);
  if (!conformer) throw new Error(`OpenChemLib could not embed ${smiles}`);
  const atoms = Array.from({ length: conformer.getAllAtoms() }, (_, index) => ({
    element: conformer.getAtomLabel(index),
    x: conformer.getAtomX(index),
    y: conformer.getAtomY(index),
    z: conformer.getAtomZ(index),
  }));
  const problem = findGeometryProblem(atoms);
  if (problem) throw new Error(`OpenChemLib geometry for ${smiles}: ${problem.message}`);
  return atoms.length;
}

// Warm-up: V8 compiles OpenChemLib's code and the page cache holds obabel's files and plugins.
embedWithOpenChemLib('CCO');
await embedSmilesTo3d('CCO');

const rows: { name: string; atoms: number; obabelMs: number; oclMs: number }[] = [];
for (const [name, smiles] of MOLECULES) {
  let obabelTotal = 0;
  let oclTotal = 0;
  let atoms = 0;
  let oclAtoms = 0;
  for (let run = 0; run < repeats; run++) {
    const started = performance.now();
    atoms = (await embedSmilesTo3d(smiles)).atoms.length;
    obabelTotal += performance.now() - started;
    const oclStarted = performance.now();
    oclAtoms = embedWithOpenChemLib(smiles);
    oclTotal += performance.now() - oclStarted;
  }
  if (atoms !== oclAtoms) console.warn(`${name}: obabel ${atoms} atoms, OpenChemLib ${oclAtoms}`);
  rows.push({ name, atoms, obabelMs: obabelTotal / repeats, oclMs: oclTotal / repeats });
}

const pad = (text: string | number, width: number) => String(text).padStart(width);
console.log(`SMILES → 3D with hydrogens, mean of ${repeats} runs per molecule, one at a time`);
console.log(`${'molecule'.padEnd(14)}${pad('atoms', 6)}${pad('obabel ms', 11)}${pad('OCL ms', 10)}${pad('OCL/obabel', 12)}`);
for (const row of rows) {
  console.log(
    `${row.name.padEnd(14)}${pad(row.atoms, 6)}${pad(row.obabelMs.toFixed(0), 11)}${pad(row.oclMs.toFixed(0), 10)}${pad((row.oclMs / row.obabelMs).toFixed(1), 12)}`,
  );
}
const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
const obabelMean = mean(rows.map((row) => row.obabelMs));
const oclMean = mean(rows.map((row) => row.oclMs));
console.log(`${'mean'.padEnd(20)}${pad(obabelMean.toFixed(0), 11)}${pad(oclMean.toFixed(0), 10)}${pad((oclMean / obabelMean).toFixed(1), 12)}`);
console.log(
  `Open Babel --gen3d: ${obabelMean.toFixed(0)} ms/molecule; OpenChemLib ConformerGenerator: ${oclMean.toFixed(0)} ms/molecule; ratio ${(oclMean / obabelMean).toFixed(1)}×`,
);
