// Hostile and accidental input, as the editor and the server meet it: look-alike and invisible
// characters, binary files, UTF-16 exports, huge pastes and path-like file names. Each must be
// refused with a message that says what is wrong and where, never computed as another molecule.
import { describe, expect, it } from 'vitest';
import { checkUiState, defaultUiState } from '../ui-state/ui-state.ts';
import { calculationParamsSchema, DEFAULT_CALCULATION_PARAMS } from '../validation/calculation.ts';
import { findNameProblem, findSmilesCharacterProblem } from './characters.ts';
import { EDITOR_MAX_STRUCTURE_BYTES, SERVER_ACTION_BODY_LIMIT_BYTES, DEFAULT_MAX_INPUT_BYTES } from './input-limits.ts';
import { parseMoleculeInput, type MoleculeInput } from './molecule-input.ts';
import { parseXyz } from './parse-xyz.ts';
import { RDKIT_CRASH_MESSAGE, withMolecule } from './rdkit.ts';
import { countWrittenAtoms } from './smiles.ts';
import { detectStructureFile, safeDisplayName } from './structure-file.ts';
import { decodeUploadedBytes } from './text-input.ts';

const WATER_XYZ = '3\nwater\nO 0.000 0.000 0.119\nH 0.000 0.757 -0.477\nH 0.000 -0.757 -0.477\n';
const WATER_MOL = `water
  hand-written

  3  2  0  0  0  0  0  0  0  0999 V2000
    0.0000    0.0000    0.1190 O   0  0  0  0  0  0  0  0  0  0  0  0
    0.0000    0.7570   -0.4770 H   0  0  0  0  0  0  0  0  0  0  0  0
    0.0000   -0.7570   -0.4770 H   0  0  0  0  0  0  0  0  0  0  0  0
  1  2  1  0
  1  3  1  0
M  END
`;

async function firstError(input: MoleculeInput): Promise<{ field: string; message: string }> {
  const result = await parseMoleculeInput(input);
  if (result.ok) throw new Error(`accepted as ${result.molecule.formula}`);
  return result.errors[0]!;
}

describe('SMILES characters', () => {
  it.each([
    ['CCО', 'Cyrillic О', "character 3 ('О', U+041E) is not allowed in SMILES"],
    ['CCCО', 'Cyrillic О after propane', "character 4 ('О', U+041E) is not allowed in SMILES"],
    ['СC', 'Cyrillic С first', "character 1 ('С', U+0421) is not allowed in SMILES"],
    ['C\u200bCO', 'zero-width space', 'character 2 (U+200B, a zero-width space) is not allowed in SMILES'],
    ['CC\u0000O', 'NUL', 'character 3 (U+0000, an invisible character) is not allowed in SMILES'],
    ['CC\u00a0O', 'non-breaking space', 'character 3 (U+00A0, a non-breaking space) is not allowed in SMILES'],
    ['C\u202eCO', 'right-to-left override', 'character 2 (U+202E, a right-to-left override) is not allowed in SMILES'],
    ['CC🧪O', 'emoji, counted as one character', "character 3 ('🧪', U+1F9EA) is not allowed in SMILES"],
    ['CCO ethanol', 'a space', 'SMILES cannot contain spaces or line breaks (position 4)'],
  ])('%s (%s) is refused with its position', async (smiles, _what, message) => {
    expect(findSmilesCharacterProblem(smiles)).toContain(message);
    const error = await firstError({ format: 'smiles', text: smiles });
    expect(error.field).toBe('smiles');
    expect(error.message).toContain(message);
  });

  it('plain ASCII SMILES still compute', async () => {
    const result = await parseMoleculeInput({ format: 'smiles', text: 'CCO' });
    expect(result.ok && result.molecule.formula).toBe('C2H6O');
  });

  it('a 100 000-character SMILES is refused by its length before any parsing', async () => {
    const started = performance.now();
    const error = await firstError({ format: 'smiles', text: 'C'.repeat(100_000) });
    expect(error.message).toBe('SMILES is 100000 characters long; the limit is 2000');
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('a SMILES of more atoms than the limit is refused by counting before RDKit, which it would crash', async () => {
    // ~600 or more atoms in a chain or ring crash RDKit's WebAssembly ("memory access out of bounds");
    // before the count, every later SMILES in that server process failed too, until a restart.
    for (const text of ['C'.repeat(1990), `C1${'C'.repeat(700)}1`, 'c1ccccc1'.repeat(90), `${'[Cl]'.repeat(300)}${'Br'.repeat(300)}`]) {
      const error = await firstError({ format: 'smiles', text });
      expect(error.message).toMatch(/^the SMILES has \d+ atoms before hydrogens; the limit is 500 atoms with hydrogens$/);
    }
    expect(countWrittenAtoms('ClC(Br)=O.[Na+].c1ccncc1[2H]')).toBe(12); // Cl C Br O, Na, six ring atoms, 2H
    expect((await parseMoleculeInput({ format: 'smiles', text: 'CCO' })).ok).toBe(true);
  });

  it('a molecule RDKit crashes on is refused in words, and RDKit works again for the next one', async () => {
    const crash = await withMolecule('C'.repeat(1990), {}, (mol) => mol.get_smiles());
    expect(crash).toEqual({ ok: false, message: RDKIT_CRASH_MESSAGE });
    const next = await parseMoleculeInput({ format: 'smiles', text: 'c1ccccc1O' });
    expect(next.ok && next.molecule.formula).toBe('C6H6O');
  });
});

describe('names', () => {
  it.each([
    ['water\u0000', 'character 6 (U+0000, an invisible character) is not allowed in a name'],
    ['wa\nter', 'character 3 (U+000A, an invisible character) is not allowed in a name'],
    ['x'.repeat(10_000), 'the name is 10,000 characters long; the limit is 200 characters'],
    ['bad\ud800half', 'broken Unicode'],
  ])('name %# is refused, not rewritten', async (name, message) => {
    expect(findNameProblem(name)).toContain(message);
    const error = await firstError({ format: 'smiles', text: 'O', name });
    expect(error).toEqual({ field: 'name', message: expect.stringContaining(message) });
  });

  it('keeps right-to-left text and 200 characters exactly as typed', async () => {
    const rtl = 'ماء \u202ewater';
    const result = await parseMoleculeInput({ format: 'smiles', text: 'O', name: rtl });
    expect(result.ok && result.molecule.name).toBe(rtl);
    expect(findNameProblem('é'.repeat(200))).toBeNull();
  });
});

describe('binary and UTF-16 files', () => {
  const utf16 = (text: string, bom: boolean) => {
    const bytes = new Uint8Array((bom ? 2 : 0) + text.length * 2);
    if (bom) bytes.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) bytes[(bom ? 2 : 0) + i * 2] = text.charCodeAt(i);
    return bytes;
  };
  const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52, 0xff, 0xd8]);

  it.each([
    ['UTF-16 with a byte order mark', utf16(WATER_XYZ, true), 'the file is UTF-16 text: save the file as UTF-8'],
    ['UTF-16 without a byte order mark', utf16(WATER_XYZ, false), 'UTF-16 text (a zero byte after every letter): save the file as UTF-8'],
    ['PNG bytes named .mol', png, 'this is a PNG image, not a structure file'],
    ['Latin-1 bytes', new Uint8Array([...new TextEncoder().encode('3\ncaf'), 0xe9, ...new TextEncoder().encode('\nO 0 0 0\n')]), 'save the file as UTF-8'],
    ['an empty file', new Uint8Array(), 'the file is empty'],
  ])('%s is refused at the door', (_what, bytes, message) => {
    const decoded = decodeUploadedBytes(bytes);
    expect(decoded.ok).toBe(false);
    expect(!decoded.ok && decoded.message).toContain(message);
  });

  it('a UTF-8 file with a byte order mark is read', () => {
    const decoded = decodeUploadedBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(WATER_XYZ)]));
    expect(decoded).toEqual({ ok: true, text: WATER_XYZ });
  });

  it.each([
    ['xyz', `3\nwater\nO 0 0 0.1\nH 0 0.7\u0000 0\nH 0 -0.7 0\n`, 'line 4: contains a NUL byte: this is not a text file'],
    ['mol', `\ufffdPNG\r\n\u001a\n${WATER_MOL}`, 'this is a PNG image'],
    ['xyz', `\ufffd\ufffd3\u0000\n\u0000`, 'UTF-16'],
  ] as const)('the server refuses binary %s text whatever the browser did', async (format, text, message) => {
    const error = await firstError({ format, text });
    expect(error.field).toBe('text');
    expect(error.message).toContain(message);
  });
});

describe('uploaded files: format by content and extension, safe names', () => {
  it.each([
    ['water.xyz', WATER_XYZ, 'xyz', 'water'],
    ['water.mol', WATER_MOL, 'mol', 'water'],
    ['water.sdf', `${WATER_MOL}$$$$\n`, 'sdf', 'water'],
    ['water.txt', WATER_XYZ, 'xyz', 'water'],
    ['water.mol', WATER_XYZ, 'xyz', 'water'],
    ['../../etc/passwd.xyz', WATER_XYZ, 'xyz', 'passwd'],
    ['C:\\Users\\x\\..\\caffeine.mol', WATER_MOL, 'mol', 'caffeine'],
    ['\u202egnp.xyz', WATER_XYZ, 'xyz', 'gnp'],
    ['...hidden.xyz', WATER_XYZ, 'xyz', 'hidden'],
  ])('%s is read as %s', (fileName, text, format, displayName) => {
    expect(detectStructureFile(fileName, text)).toMatchObject({ ok: true, format: text === WATER_XYZ ? 'xyz' : format, displayName });
  });

  it('a file named .mol holding XYZ is read as XYZ and says so', () => {
    expect(detectStructureFile('water.mol', WATER_XYZ)).toMatchObject({ ok: true, format: 'xyz', note: expect.stringContaining('read as XYZ') });
  });

  it.each([
    ['water.xyz.exe', WATER_XYZ, '.exe files are not structure files'],
    ['molecules.csv', 'smiles,name\nCCO,ethanol\n', 'batch upload page, /batches/new'],
    ['library.smi', 'CCO ethanol\nO water\n', 'batch upload page, /batches/new'],
    ['list.txt', 'CCO ethanol\nO water\n', 'batch upload page, /batches/new'],
  ])('%s is refused or sent to the batch upload', (fileName, text, message) => {
    const detected = detectStructureFile(fileName, text);
    expect(detected.ok).toBe(false);
    expect(!detected.ok && detected.message).toContain(message);
  });

  it('XYZ with a missing comment line says which line should be the title', () => {
    expect(() => parseXyz('3\nO 0 0 0.119\nH 0 0.757 -0.477\nH 0 -0.757 -0.477\n')).toThrow(
      'line 1: the atom count line says 3 atoms but 2 atom lines follow (is the comment line missing? line 2 should be a title)',
    );
    expect(safeDisplayName('a/b/c/../water.xyz')).toBe('water');
  });
});

describe('limits agree', () => {
  it('the editor limit fits the parsers, and the server action body limit fits the parsers', () => {
    expect(EDITOR_MAX_STRUCTURE_BYTES).toBeLessThanOrEqual(DEFAULT_MAX_INPUT_BYTES);
    expect(SERVER_ACTION_BODY_LIMIT_BYTES).toBeGreaterThan(DEFAULT_MAX_INPUT_BYTES * 1.2);
    // Batch files go to their own streamed route: no action needs (or may send) tens of megabytes.
    expect(SERVER_ACTION_BODY_LIMIT_BYTES).toBeLessThanOrEqual(2 * 1024 * 1024);
  });

  it('a 7 MB XYZ is refused by size, in words', async () => {
    const error = await firstError({ format: 'xyz', text: `${'H 0 0 0\n'.repeat(900_000)}` });
    expect(error.message).toBe('input is 7.2 MB; the limit is 1 MB');
  });
});

describe('the saved editor state', () => {
  it('refuses NUL and broken Unicode, so one bad value cannot make every later save fail', () => {
    const state = defaultUiState();
    state.editor.molfile = '\u0089PNG\r\n\u001a\n\u0000\u0000';
    const checked = checkUiState(state);
    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.message).toContain('editor.molfile: Contains a NUL character');
    state.editor.molfile = '';
    state.editor.name = 'half \ud83e';
    expect(checkUiState(state).ok).toBe(false);
    state.editor.name = 'water 💧';
    expect(checkUiState(state).ok).toBe(true);
  });
});

describe('charge and unpaired electrons as typed', () => {
  it.each([
    ['', 'Charge is required.'],
    ['  ', 'Charge is required.'],
    ['abc', 'Charge must be a number.'],
    ['1.5', 'Charge must be a whole number.'],
  ])('charge %j is an error, never 0', (charge, message) => {
    const parsed = calculationParamsSchema.safeParse({ ...DEFAULT_CALCULATION_PARAMS, charge });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.message)).toEqual([message]);
  });

  it('blank unpaired electrons is an error; typed numbers still work', () => {
    const blank = calculationParamsSchema.safeParse({ ...DEFAULT_CALCULATION_PARAMS, uhf: '' });
    expect(blank.error?.issues[0]?.message).toBe('Unpaired electrons is required.');
    expect(calculationParamsSchema.parse({ ...DEFAULT_CALCULATION_PARAMS, charge: '-1', uhf: ' 1 ' })).toMatchObject({ charge: -1, uhf: 1 });
  });
});
