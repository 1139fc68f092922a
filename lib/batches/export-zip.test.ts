import { describe, expect, it } from 'vitest';
import type { ExportRow } from './export-source.ts';
import { xyzFile } from './export-zip.ts';

const row = (fields: Partial<ExportRow>) =>
  ({
    calculation_id: 'c0ffee00-0000-4000-8000-000000000000',
    name: 'water',
    method: 'gfn2',
    task: 'opt',
    status: 'succeeded',
    total_energy: -5.07,
    input_xyz: null,
    optimized_xyz: null,
    ...fields,
  }) as ExportRow;

describe("the ZIP export's XYZ files", () => {
  it('keep the atoms and put the name, method, task and energy on the comment line', () => {
    expect(xyzFile(row({ optimized_xyz: '3\nold comment\nO 0 0 0.1\nH 0 0.75 -0.47\nH 0 -0.75 -0.47\n\n  ' }))).toBe(
      '3\nwater gfn2 opt E=-5.07 Eh\nO 0 0 0.1\nH 0 0.75 -0.47\nH 0 -0.75 -0.47\n',
    );
  });

  it('take the input geometry when nothing was optimised, and normalise Windows line ends', () => {
    expect(xyzFile(row({ task: 'sp', input_xyz: '1\r\n\r\nAr 0 0 0\r\n' }))).toBe('1\nwater gfn2 sp E=-5.07 Eh\nAr 0 0 0\n');
  });

  it('keep a name with a line break on the comment line, and name an unnamed one by its id', () => {
    expect(xyzFile(row({ name: 'a\nb', optimized_xyz: '1\n\nHe 0 0 0' }))!.split('\n')[1]).toBe('a b gfn2 opt E=-5.07 Eh');
    expect(xyzFile(row({ name: null, total_energy: null, optimized_xyz: '1\n\nHe 0 0 0' }))!.split('\n')[1]).toBe(
      'c0ffee00-0000-4000-8000-000000000000 gfn2 opt',
    );
  });

  it('write none for a calculation that did not succeed or has no geometry', () => {
    expect(xyzFile(row({ status: 'failed', input_xyz: '1\n\nHe 0 0 0' }))).toBeNull();
    expect(xyzFile(row({}))).toBeNull();
  });
});
