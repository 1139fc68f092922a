// Upload parsing and analysis: every format, every kind of bad row, row numbering, encodings and
// limits. Real RDKit; no database.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { UserError } from '../errors/user-error.ts';
import { analyseUpload, type UploadAnalysis } from './analyse-upload.ts';
import { MAX_BATCH_ROWS, MAX_UPLOAD_BYTES } from './upload-file.ts';

const defaults = { charge: 0, uhf: 0 };
const fixture = (name: string) => readFileSync(path.join(import.meta.dirname, '../chem/test-fixtures', name), 'utf8');
const upload = (name: string, text: string | Uint8Array, d = defaults) =>
  analyseUpload({ name, bytes: typeof text === 'string' ? new TextEncoder().encode(text) : text }, d);

function invalidByRow(analysis: UploadAnalysis): Record<number, string> {
  return Object.fromEntries(analysis.invalid.map((p) => [p.row, p.reason]));
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(UserError);
  return (error as UserError).message;
}

describe('CSV', () => {
  it('reads a header with smiles and name columns, quoted fields, a BOM and CRLF line ends', async () => {
    const text = '\uFEFFname,smiles,note\r\nethanol,CCO,plain\r\n"acetic acid, glacial",CC(=O)O,"says ""hi"""\r\n"multi\r\nline",c1ccccc1,x\r\n';
    const a = await upload('mols.csv', text);
    expect(a.format).toBe('csv');
    expect(a.rowLabel).toBe('row');
    expect(a.molecules.map((m) => [m.row, m.name, m.canonicalSmiles])).toEqual([
      [1, 'ethanol', 'CCO'],
      [2, 'acetic acid, glacial', 'CC(=O)O'],
      [3, 'multi\r\nline'.replace(/[\r\n]+/g, ' '), 'c1ccccc1'],
    ]);
    expect(a.invalid).toEqual([]);
    expect(a.molecules[0]!.inchiKey).toBe('LFQSCWFLJHTTHZ-UHFFFAOYSA-N');
  });

  it('detects semicolon and tab delimiters and the SMILES / canonical_smiles spellings', async () => {
    const semicolon = await upload('a.csv', 'id;SMILES;charge\nm1;CCO;0\nm2;[NH4+];1\n');
    expect(semicolon.molecules.map((m) => [m.name, m.netCharge])).toEqual([
      ['m1', 0],
      ['m2', 1],
    ]);
    const tab = await upload('a.tsv', 'canonical_smiles\tCompound ID\nCCN\tethylamine\n');
    expect(tab.molecules.map((m) => m.name)).toEqual(['ethylamine']);
  });

  it('takes the first column as SMILES and the second as name when there is no header', async () => {
    const a = await upload('a.csv', 'CCO,ethanol\nCCCO,propanol\n');
    expect(a.molecules.map((m) => [m.row, m.name])).toEqual([
      [1, 'ethanol'],
      [2, 'propanol'],
    ]);
  });

  it('names every bad row by its 1-based data row with the reason in words (blank rows keep the numbering)', async () => {
    const text = [
      'smiles,name,charge,uhf',
      'CCO,ok,,', // 1
      'C1CC,unclosed ring,,', // 2
      ',no smiles,,', // 3
      'CCC,too,many,columns,here', // 4
      '', // 5 (blank)
      'CC(=O)[O-],acetate,0,', // 6: charge contradicts
      'CCN,bad charge,one,', // 7
      '[U],uranium,,', // 8
      'C,methane wrong spin,,1', // 9: parity
      'CC C,space,,', // 10
      'c1ccccc1,benzene,,', // 11
      '"CCCl,open quote,,', // 12
    ].join('\n');
    const a = await upload('bad.csv', text);
    expect(a.molecules.map((m) => m.row)).toEqual([1, 11]);
    const reasons = invalidByRow(a);
    expect(Object.keys(reasons).map(Number)).toEqual([2, 3, 4, 6, 7, 8, 9, 10, 12]);
    expect(reasons[2]).toMatch(/invalid SMILES: .*unclosed ring/);
    expect(reasons[3]).toBe('the SMILES cell is empty');
    expect(reasons[4]).toMatch(/the row has 5 columns but the header has 4/);
    expect(reasons[6]).toMatch(/charge \+?0 contradicts the structure's net formal charge -1/);
    expect(reasons[7]).toBe('charge "one" is not a whole number');
    expect(reasons[8]).toMatch(/uranium .* is not supported/);
    expect(reasons[9]).toMatch(/parity mismatch/);
    expect(reasons[10]).toMatch(/SMILES cannot contain spaces/);
    expect(reasons[12]).toMatch(/quoted field is never closed/);
    expect(a.invalid.find((p) => p.row === 2)!.input).toContain('C1CC');
  });

  it('merges duplicates within the file by InChIKey, keeping the first row', async () => {
    const a = await upload('dup.csv', 'smiles,name\nCCO,ethanol\nOCC,ethanol again\nc1ccccc1,benzene\nC(O)C,third\n');
    expect(a.molecules.map((m) => m.row)).toEqual([1, 3]);
    expect(a.molecules[0]!.duplicateRows).toEqual([2, 4]);
    expect(a.duplicates).toEqual([
      { row: 2, firstRow: 1, name: 'ethanol again', inchiKey: 'LFQSCWFLJHTTHZ-UHFFFAOYSA-N' },
      { row: 4, firstRow: 1, name: 'third', inchiKey: 'LFQSCWFLJHTTHZ-UHFFFAOYSA-N' },
    ]);
    expect(a.totalRows).toBe(4);
  });

  it('refuses a header without a SMILES column, naming the columns it found', async () => {
    expect(await refusal(upload('a.csv', 'name,structure\nx,CCO\n'))).toBe(
      'The header has no SMILES column: name one column smiles, SMILES or canonical_smiles (the columns are "name", "structure").',
    );
  });

  it('refuses a file where no row is valid, quoting the reasons of the first rows', async () => {
    const message = await refusal(upload('a.csv', 'smiles\nC1CC\n[U]\nxyz\nC(C\n((\nC1\nQ\n'));
    expect(message).toMatch(/^No row of the file holds a molecule we can compute/);
    expect(message).toMatch(/row 1: invalid SMILES.*row 2: uranium.*row 5: /);
    expect(message).toMatch(/and 2 more\.$/);
  });

  it('says a file with a header and no rows holds no molecules, instead of quoting no reasons', async () => {
    const expected = 'The file holds no molecules: there is no row after the header, comments and blank lines.';
    expect(await refusal(upload('a.csv', 'smiles,name\n'))).toBe(expected);
    expect(await refusal(upload('a.smi', '# only a comment\n\n'))).toBe(
      'The file holds no molecules: there is no line after the header, comments and blank lines.',
    );
  });
});

describe('.smi', () => {
  it('reads SMILES and names by line, skipping blank and comment lines', async () => {
    const a = await upload('a.smi', '# a comment\nCCO ethanol\n\nC1CC broken ring\nc1ccccc1\tbenzene ring\r\nCCN\n');
    expect(a.rowLabel).toBe('line');
    expect(a.molecules.map((m) => [m.row, m.name])).toEqual([
      [2, 'ethanol'],
      [5, 'benzene ring'],
      [6, 'C2H7N'],
    ]);
    expect(a.invalid.map((p) => p.row)).toEqual([4]);
  });
});

describe('SDF', () => {
  it('reads every record with its name and numbers bad records, with line numbers of the file', async () => {
    const good = fixture('two-records.sdf');
    const broken =
      'broken\n  test\n\n  2  1  0  0  0  0  0  0  0  0999 V2000\n    0.0000    0.0000    0.0000 C   0  0\n    1.5000    0.0000    0.0000 Xx  0  0\n  1  2  1  0\nM  END\n$$$$\n';
    const a = await upload('set.sdf', `${good.trimEnd()}\n${broken}${fixture('ethanol.mol').trimEnd()}\n$$$$\n`);
    expect(a.rowLabel).toBe('record');
    expect(a.molecules.map((m) => [m.row, m.name])).toEqual([
      [1, 'aspirin'],
      [2, 'methylammonium'],
      [4, 'ethanol'],
    ]);
    expect(a.molecules[1]!.netCharge).toBe(1);
    expect(a.molecules[0]!.xyz).not.toBeNull();
    expect(a.invalid).toHaveLength(1);
    expect(a.invalid[0]!.row).toBe(3);
    // The broken record starts after the fixture's 71 lines: its bad atom is line 72 + 5 = 77.
    expect(a.invalid[0]!.reason).toMatch(/line 77: .*Xx/);
  });
});

describe('multi-frame XYZ', () => {
  const water = '3\nwater\nO 0.000000 0.000000 0.117790\nH 0.000000 0.755453 -0.471161\nH 0.000000 -0.755453 -0.471161\n';
  const hydroxide = '2\nhydroxide\nO 0 0 0\nH 0 0 0.97\n';

  it('reads frames, numbers them, and applies the charge and spin defaults', async () => {
    const shortFrame = '4\nshort\nO 0 0 0\nH 0 0 0.97\n';
    const badElement = '1\nbad\nQq 0 0 0\n';
    const a = await upload('traj.xyz', `${water}${hydroxide}${shortFrame}${badElement}${water.replace('water', 'water copy')}`, { charge: 0, uhf: 0 });
    expect(a.rowLabel).toBe('frame');
    expect(a.molecules.map((m) => [m.row, m.name])).toEqual([[1, 'water']]);
    expect(a.duplicates).toEqual([{ row: 5, firstRow: 1, name: 'water copy', inchiKey: null }]);
    const reasons = invalidByRow(a);
    expect(Object.keys(reasons).map(Number)).toEqual([2, 3, 4]);
    expect(reasons[2]).toMatch(/parity mismatch/); // OH with charge 0 and no unpaired electron
    expect(reasons[3]).toMatch(/line 10: the atom count line says 4 atoms but 2 atom lines follow/);
    expect(reasons[4]).toMatch(/line 16: .*Qq/);

    const anions = await upload('traj.xyz', `${hydroxide}`, { charge: -1, uhf: 0 });
    expect(anions.molecules.map((m) => m.netCharge)).toEqual([-1]);
  });

  it('reports a frame whose count line is missing and reads on from the next frame', async () => {
    const a = await upload('t.xyz', `${water}not a count\nO 0 0 0\n${water}`);
    expect(a.invalid).toEqual([{ row: 2, reason: 'line 6: expected the number of atoms that starts a frame; lines 6–7 were skipped', input: 'not a count' }]);
    expect(a.duplicates.map((d) => d.row)).toEqual([3]);
  });
});

describe('encodings, formats and limits', () => {
  it('refuses UTF-16, text that is not UTF-8 and binary files, saying what to do', async () => {
    const utf16 = new Uint8Array([0xff, 0xfe, 0x43, 0x00, 0x43, 0x00]);
    expect(await refusal(upload('a.csv', utf16))).toMatch(/saved as UTF-16: save it as UTF-8/);
    const latin1 = new Uint8Array([...new TextEncoder().encode('smiles,name\nCCO,caf'), 0xe9, 0x0a]);
    expect(await refusal(upload('a.csv', latin1))).toMatch(/not UTF-8 text/);
    expect(await refusal(upload('a.smi', 'CCO\u0000\n'))).toMatch(/NUL bytes/);
    expect(await refusal(upload('a.csv', '  \n'))).toBe('The file is empty.');
  });

  it('accepts UTF-8 names with and without a BOM', async () => {
    const a = await upload('a.csv', '\uFEFFsmiles,name\nCCO,Äthanol\n');
    const b = await upload('a.csv', 'smiles,name\nCCO,Äthanol\n');
    expect(a.molecules[0]!.name).toBe('Äthanol');
    expect(b.molecules[0]!.name).toBe('Äthanol');
  });

  it('refuses unknown file types', async () => {
    expect(await refusal(upload('a.xlsx', 'x'))).toMatch(/upload a \.csv \(or \.tsv\), \.smi, \.sdf or \.xyz file/);
  });

  it('refuses files above 50 MB and above 100,000 rows, naming the limit', async () => {
    const big = new Uint8Array(MAX_UPLOAD_BYTES + 1).fill(0x43);
    expect(await refusal(upload('big.smi', big))).toBe('The file is 50.0 MB; the limit is 50 MB per batch. Split it into several batches.');
    const rows = `smiles\n${'C\n'.repeat(MAX_BATCH_ROWS + 1)}`;
    expect(await refusal(upload('many.csv', rows))).toBe(
      'The file has more than 100,000 data rows; the limit is 100,000 molecules per batch. Split it into several batches.',
    );
    expect(await refusal(upload('many.smi', 'C\n'.repeat(MAX_BATCH_ROWS + 1)))).toMatch(/more than 100,000 lines/);
  });
});
