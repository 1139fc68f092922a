// MDL molfile (V2000 and V3000) and SD file reader: atoms with coordinates, bonds, formal charges,
// radicals and isotopes, plus each SD record's name and data fields. Errors carry the line number
// in the uploaded file. RDKit reads the same molblock afterwards for chemistry (SMILES, InChIKey);
// this reader exists for precise messages and for the coordinates xtb will use.
import { ChemInputError } from './chem-input-error.ts';
import { lookupElement, truncateForMessage } from './elements.ts';
import { DEFAULT_MAX_ATOMS, DEFAULT_MAX_INPUT_BYTES, type InputLimits } from './input-limits.ts';
import type { Atom } from './parse-xyz.ts';
import { splitInputLines } from './text-input.ts';

export type MolfileAtom = Atom & {
  /** Formal charge. */
  charge: number;
  /** Unpaired electrons on this atom from M  RAD / RAD= (doublet 1, triplet 2, singlet 0). */
  unpairedElectrons: number;
  /** Mass number when the file gives an isotope. */
  isotope?: number;
};

/** Bond between 0-based atom indices; order 4 is the molfile's aromatic bond. */
export type MolfileBond = { from: number; to: number; order: 1 | 2 | 3 | 4 };

export type MolfileRecord = {
  name: string;
  atoms: MolfileAtom[];
  bonds: MolfileBond[];
  version: 'V2000' | 'V3000';
  /** False for 2D drawings (sketchers, most database exports): xtb needs real 3D coordinates. */
  has3dCoordinates: boolean;
  netCharge: number;
  /** The connection table through "M  END", LF line endings, for RDKit. */
  molblock: string;
  /** SD data fields ("> <FIELD>" followed by value lines). */
  data: Record<string, string>;
  /** 1-based line of the record's first line in the uploaded text. */
  firstLine: number;
};

export type SdfRecordResult =
  { ok: true; index: number; record: MolfileRecord } | { ok: false; index: number; name: string; firstLine: number; error: ChemInputError };

/** One molfile (a trailing "$$$$" and data fields are tolerated; a second record is not). */
export function parseMolfile(text: string, limits: InputLimits = {}): MolfileRecord {
  const chunks = splitRecords(splitInputLines(text, limits.maxBytes ?? DEFAULT_MAX_INPUT_BYTES));
  if (chunks.length > 1) {
    throw new ChemInputError('text', `the file holds ${chunks.length} structures: upload it as SDF`, chunks[1]!.start + 1);
  }
  return readRecord(chunks[0]!.lines, chunks[0]!.start, limits.maxAtoms ?? DEFAULT_MAX_ATOMS);
}

/** Every record of an SD file, each parsed or refused on its own (one bad record does not sink a batch). */
export function readSdf(text: string, limits: InputLimits = {}): SdfRecordResult[] {
  const chunks = splitRecords(splitInputLines(text, limits.maxBytes ?? DEFAULT_MAX_INPUT_BYTES));
  return chunks.map((chunk, index) => {
    try {
      return { ok: true, index, record: readRecord(chunk.lines, chunk.start, limits.maxAtoms ?? DEFAULT_MAX_ATOMS) };
    } catch (error) {
      if (!(error instanceof ChemInputError)) throw error;
      return { ok: false, index, name: chunk.lines[0]?.trim() ?? '', firstLine: chunk.start + 1, error };
    }
  });
}

/** Every record of an SD file; the first bad record refuses the whole file, naming the record. */
export function parseSdf(text: string, limits: InputLimits = {}): MolfileRecord[] {
  return readSdf(text, limits).map((result) => {
    if (result.ok) return result.record;
    const name = result.name ? ` (${truncateForMessage(result.name, 40)})` : '';
    throw new ChemInputError('text', `record ${result.index + 1}${name}: ${result.error.message}`);
  });
}

type Chunk = { lines: string[]; start: number };

function splitRecords(lines: string[]): Chunk[] {
  const chunks: Chunk[] = [];
  let start = 0;
  for (let index = 0; index <= lines.length; index++) {
    const atEnd = index === lines.length;
    if (atEnd || lines[index]!.trim() === '$$$$') {
      const recordLines = lines.slice(start, index);
      if (recordLines.some((line) => line.trim() !== '')) chunks.push({ lines: recordLines, start });
      start = index + 1;
    }
  }
  return chunks;
}

// Atom-block charge codes of V2000 (4 is "doublet radical", not a charge).
const V2000_CHARGE: Record<number, number> = { 0: 0, 1: 3, 2: 2, 3: 1, 4: 0, 5: -1, 6: -2, 7: -3 };
const RADICAL_TO_UNPAIRED: Record<number, number> = { 0: 0, 1: 0, 2: 1, 3: 2 };
const QUERY_ATOMS = new Set(['a', 'q', '*', 'l', 'lp', 'r', 'r#', 'x', 'm', 'ah', 'qh', 'xh', 'mh']);

function readRecord(lines: string[], start: number, maxAtoms: number): MolfileRecord {
  const lineNumber = (index: number) => start + index + 1;
  const endIndex = lines.findIndex((line) => /^M {2}END\s*$/.test(line));
  if (lines.length < 4) throw new ChemInputError('text', 'a molfile needs three header lines and a counts line', lineNumber(lines.length - 1));
  const countsLine = lines[3]!;
  const version = /V3000/i.test(countsLine) ? 'V3000' : 'V2000';
  if (endIndex < 0) throw new ChemInputError('text', 'no "M  END" line: the molfile is incomplete', lineNumber(lines.length - 1));

  const table = version === 'V3000' ? readV3000(lines, endIndex, lineNumber, maxAtoms) : readV2000(lines, endIndex, lineNumber, maxAtoms);

  const dimensionCode = (lines[1] ?? '').slice(20, 22).toUpperCase();
  const anyZ = table.atoms.some((atom) => Math.abs(atom.z) > 1e-4);
  const has3dCoordinates = table.atoms.length === 1 || anyZ || dimensionCode === '3D';
  return {
    name: (lines[0] ?? '').trim(),
    atoms: table.atoms,
    bonds: table.bonds,
    version,
    has3dCoordinates,
    netCharge: table.atoms.reduce((sum, atom) => sum + atom.charge, 0),
    molblock: `${lines.slice(0, endIndex + 1).join('\n')}\n`,
    data: readDataFields(lines, endIndex + 1),
    firstLine: start + 1,
  };
}

type Table = { atoms: MolfileAtom[]; bonds: MolfileBond[] };

function readV2000(lines: string[], endIndex: number, lineNumber: (index: number) => number, maxAtoms: number): Table {
  const counts = lines[3]!;
  const [atomCount, bondCount] = fixedOrWords(counts, 2);
  if (atomCount == null || bondCount == null) {
    throw new ChemInputError('text', 'expected the counts line (atom and bond counts)', lineNumber(3));
  }
  if (atomCount > maxAtoms) throw new ChemInputError('text', `${atomCount} atoms exceed the limit of ${maxAtoms} atoms`, lineNumber(3));
  if (atomCount === 0) throw new ChemInputError('text', 'the molfile has no atoms', lineNumber(3));
  if (4 + atomCount + bondCount > endIndex) {
    throw new ChemInputError(
      'text',
      `the counts line declares ${atomCount} atoms and ${bondCount} bonds but only ${Math.max(0, endIndex - 4)} lines precede "M  END"`,
      lineNumber(3),
    );
  }

  const atoms: MolfileAtom[] = [];
  for (let index = 4; index < 4 + atomCount; index++) {
    atoms.push(readV2000Atom(lines[index]!, lineNumber(index)));
  }
  const bonds: MolfileBond[] = [];
  for (let index = 4 + atomCount; index < 4 + atomCount + bondCount; index++) {
    const line = lines[index]!;
    const words = line.trim().split(/\s+/);
    const [from, to, type] = fixedOrWords(line, 3);
    if (from == null || to == null || type == null || words.length < 3) {
      throw new ChemInputError('text', 'expected a bond line (first atom, second atom, bond type)', lineNumber(index));
    }
    bonds.push(checkBond(from, to, type, atoms.length, lineNumber(index)));
  }

  // Properties block. M  CHG / M  RAD / M  ISO supersede the atom block's charges and radicals.
  let chargesReset = false;
  let radicalsReset = false;
  for (let index = 4 + atomCount + bondCount; index < endIndex; index++) {
    const line = lines[index]!;
    const property = line.slice(0, 6);
    if (line.startsWith('A  ')) {
      index++; // an atom alias: its text is on the next line
      continue;
    }
    if (property !== 'M  CHG' && property !== 'M  RAD' && property !== 'M  ISO') continue;
    const words = line.slice(6).trim().split(/\s+/).map(Number);
    const entries = words[0];
    if (entries === undefined || !Number.isInteger(entries) || words.length < 1 + 2 * entries || words.some((word) => !Number.isInteger(word))) {
      throw new ChemInputError('text', `malformed ${property} line`, lineNumber(index));
    }
    if (property === 'M  CHG' && !chargesReset) {
      for (const atom of atoms) atom.charge = 0;
      chargesReset = true;
    }
    if (property === 'M  RAD' && !radicalsReset) {
      for (const atom of atoms) atom.unpairedElectrons = 0;
      radicalsReset = true;
    }
    for (let entry = 0; entry < entries; entry++) {
      const atomNumber = words[1 + 2 * entry]!;
      const value = words[2 + 2 * entry]!;
      const atom = atoms[atomNumber - 1];
      if (!atom) throw new ChemInputError('text', `${property} refers to atom ${atomNumber}, but there are ${atoms.length} atoms`, lineNumber(index));
      if (property === 'M  CHG') atom.charge = value;
      else if (property === 'M  RAD') atom.unpairedElectrons = RADICAL_TO_UNPAIRED[value] ?? 0;
      else atom.isotope = value;
    }
  }
  return { atoms, bonds };
}

function readV2000Atom(line: string, lineNo: number): MolfileAtom {
  const fixed = {
    x: fixedFloat(line, 0, 10),
    y: fixedFloat(line, 10, 20),
    z: fixedFloat(line, 20, 30),
    symbol: line.slice(31, 34).trim(),
    chargeCode: fixedInt(line, 36, 39) ?? 0,
  };
  // Some writers do not respect the column layout; fall back to whitespace-separated fields.
  let { x, y, z, symbol, chargeCode } = fixed;
  if (x === null || y === null || z === null || symbol === '') {
    const words = line.trim().split(/\s+/);
    if (words.length < 4) throw new ChemInputError('text', 'expected an atom line (x, y, z, element)', lineNo);
    x = parseFloatStrict(words[0]!);
    y = parseFloatStrict(words[1]!);
    z = parseFloatStrict(words[2]!);
    symbol = words[3]!;
    chargeCode = words[5] !== undefined && /^\d+$/.test(words[5]) ? Number(words[5]) : 0;
    if (x === null || y === null || z === null) {
      throw new ChemInputError('text', 'expected an atom line (x, y, z, element)', lineNo);
    }
  }
  const element = elementFor(symbol, lineNo);
  return {
    element,
    x,
    y,
    z,
    charge: V2000_CHARGE[chargeCode] ?? 0,
    unpairedElectrons: chargeCode === 4 ? 1 : 0,
    ...(symbol.toUpperCase() === 'D' ? { isotope: 2 } : symbol.toUpperCase() === 'T' ? { isotope: 3 } : {}),
  };
}

function readV3000(lines: string[], endIndex: number, lineNumber: (index: number) => number, maxAtoms: number): Table {
  // Join continuation lines (a V30 line ending in "-" continues on the next one).
  const logical: { text: string; index: number }[] = [];
  for (let index = 4; index < endIndex; index++) {
    const line = lines[index]!;
    if (!line.startsWith('M  V30 ')) continue;
    let text = line.slice(7);
    const firstIndex = index;
    while (text.endsWith('-') && index + 1 < endIndex) {
      index++;
      text = text.slice(0, -1) + lines[index]!.slice(7);
    }
    logical.push({ text: text.trim(), index: firstIndex });
  }

  const atoms: MolfileAtom[] = [];
  const bonds: MolfileBond[] = [];
  const atomIndexById = new Map<number, number>();
  let section: 'atom' | 'bond' | null = null;
  let declaredAtoms: number | null = null;
  for (const { text, index } of logical) {
    const lineNo = lineNumber(index);
    const upper = text.toUpperCase();
    if (upper.startsWith('COUNTS ')) {
      const words = text.split(/\s+/);
      declaredAtoms = Number(words[1]);
      if (!Number.isInteger(declaredAtoms)) throw new ChemInputError('text', 'malformed COUNTS line', lineNo);
      if (declaredAtoms > maxAtoms) throw new ChemInputError('text', `${declaredAtoms} atoms exceed the limit of ${maxAtoms} atoms`, lineNo);
      continue;
    }
    if (upper === 'BEGIN ATOM') section = 'atom';
    else if (upper === 'BEGIN BOND') section = 'bond';
    else if (upper.startsWith('END ')) section = null;
    else if (upper.startsWith('BEGIN ')) section = null;
    else if (section === 'atom') {
      const words = tokenizeV3000(text);
      if (words.length < 5) throw new ChemInputError('text', 'expected an atom line (index, element, x, y, z)', lineNo);
      const id = Number(words[0]);
      const x = parseFloatStrict(words[2]!);
      const y = parseFloatStrict(words[3]!);
      const z = parseFloatStrict(words[4]!);
      if (!Number.isInteger(id) || x === null || y === null || z === null) {
        throw new ChemInputError('text', 'expected an atom line (index, element, x, y, z)', lineNo);
      }
      const symbol = words[1]!;
      const element = elementFor(symbol, lineNo);
      const properties = new Map(
        words
          .slice(6)
          .map((word) => word.split('=') as [string, string])
          .map(([key, value]) => [key.toUpperCase(), value] as const),
      );
      const charge = Number(properties.get('CHG') ?? 0);
      const radical = Number(properties.get('RAD') ?? 0);
      const mass = properties.get('MASS');
      if (!Number.isInteger(charge)) throw new ChemInputError('text', `malformed CHG=${properties.get('CHG')}`, lineNo);
      atomIndexById.set(id, atoms.length);
      atoms.push({
        element,
        x,
        y,
        z,
        charge,
        unpairedElectrons: RADICAL_TO_UNPAIRED[radical] ?? 0,
        ...(mass !== undefined && /^\d+$/.test(mass) ? { isotope: Number(mass) } : {}),
      });
      if (atoms.length > maxAtoms) throw new ChemInputError('text', `more than ${maxAtoms} atoms: the limit is ${maxAtoms} atoms`, lineNo);
    } else if (section === 'bond') {
      const words = text.split(/\s+/);
      const type = Number(words[1]);
      const from = atomIndexById.get(Number(words[2]));
      const to = atomIndexById.get(Number(words[3]));
      if (words.length < 4 || !Number.isInteger(type)) {
        throw new ChemInputError('text', 'expected a bond line (index, type, first atom, second atom)', lineNo);
      }
      if (from === undefined || to === undefined) {
        throw new ChemInputError('text', `bond refers to atom ${from === undefined ? words[2] : words[3]}, which is not defined`, lineNo);
      }
      bonds.push(checkBond(from + 1, to + 1, type, atoms.length, lineNo));
    }
  }
  if (atoms.length === 0) throw new ChemInputError('text', 'the molfile has no atoms', lineNumber(3));
  if (declaredAtoms !== null && declaredAtoms !== atoms.length) {
    throw new ChemInputError('text', `the COUNTS line declares ${declaredAtoms} atoms but the atom block has ${atoms.length}`, lineNumber(4));
  }
  return { atoms, bonds };
}

// V3000 fields are space-separated; a quoted field or a bracketed list may hold spaces.
function tokenizeV3000(text: string): string[] {
  return text.match(/"[^"]*"|\[[^\]]*\]|\S+/g) ?? [];
}

function elementFor(symbol: string, lineNo: number): string {
  const lower = symbol.toLowerCase().replace(/^"|"$/g, '');
  if (QUERY_ATOMS.has(lower) || lower.startsWith('[') || lower.startsWith('not')) {
    throw new ChemInputError('text', `query or pseudo atom '${truncateForMessage(symbol)}' is not an element`, lineNo);
  }
  const lookup = lookupElement(symbol);
  if (!lookup.ok) throw new ChemInputError('text', lookup.message, lineNo);
  return lookup.element.symbol;
}

function checkBond(from: number, to: number, type: number, atomCount: number, lineNo: number): MolfileBond {
  for (const atom of [from, to]) {
    if (atom < 1 || atom > atomCount) {
      throw new ChemInputError('text', `bond refers to atom ${atom}, but there are ${atomCount} atoms`, lineNo);
    }
  }
  if (from === to) throw new ChemInputError('text', `bond joins atom ${from} to itself`, lineNo);
  if (type < 1 || type > 4) {
    throw new ChemInputError('text', type >= 5 && type <= 8 ? `bond type ${type} is a query bond, not a structure` : `unknown bond type ${type}`, lineNo);
  }
  return { from: from - 1, to: to - 1, order: type as 1 | 2 | 3 | 4 };
}

function readDataFields(lines: string[], from: number): Record<string, string> {
  const data: Record<string, string> = {};
  for (let index = from; index < lines.length; index++) {
    const header = /^>.*<([^>]*)>/.exec(lines[index]!);
    if (!header) continue;
    const values: string[] = [];
    while (index + 1 < lines.length && lines[index + 1]!.trim() !== '') values.push(lines[++index]!);
    data[header[1]!] = values.join('\n');
  }
  return data;
}

function fixedFloat(line: string, start: number, end: number): number | null {
  return parseFloatStrict(line.slice(start, end).trim());
}

function fixedInt(line: string, start: number, end: number): number | null {
  const text = line.slice(start, end).trim();
  return /^[+-]?\d+$/.test(text) ? Number(text) : null;
}

/** The first `count` three-column integers, or whitespace-separated ones when a writer ignored the columns. */
function fixedOrWords(line: string, count: number): (number | null)[] {
  const fixed = Array.from({ length: count }, (_, index) => fixedInt(line, 3 * index, 3 * index + 3));
  if (fixed.every((value) => value !== null)) return fixed;
  const words = line.trim().split(/\s+/);
  return Array.from({ length: count }, (_, index) => {
    const word = words[index];
    return word !== undefined && /^\d+$/.test(word) ? Number(word) : null;
  });
}

function parseFloatStrict(text: string): number | null {
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}
