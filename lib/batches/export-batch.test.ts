// Each export format read back: the rows are all there and parse, spreadsheet formulas are
// neutralised, per-atom arrays and geometries come through, and another user gets nothing.
import { afterAll, describe, expect, it } from 'vitest';
import { getPool, closePool } from '../db/pool.ts';
import { stopBoss } from '../jobs/queue.ts';
import { createUser } from '../jobs/test-support.ts';
import { exportBatch } from './export-batch.ts';
import { csvCell } from './export-csv.ts';
import { streamChunks } from './export-stream.ts';
import { readZip } from './read-zip-for-tests.ts';
import type { ExportFormat } from './export-stream.ts';
import { seedStoredBatch } from './stored-batch-fixture.ts';

afterAll(async () => {
  await stopBoss();
  await closePool();
});

type User = Awaited<ReturnType<typeof createUser>>;

async function exported(user: User, batchId: string, format: ExportFormat, chunkRows?: number): Promise<string | null> {
  const result = await exportBatch(user.claims, batchId, format, { chunkRows });
  if (!result) return null;
  let text = '';
  for await (const chunk of result.chunks) text += chunk;
  return text;
}

/** A small RFC 4180 reader, enough to check what a spreadsheet would see. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  return rows;
}

describe('batch export', async () => {
  const owner = await createUser('researcher', 'export-owner');
  const stranger = await createUser('researcher', 'export-stranger');
  const batchId = await seedStoredBatch(getPool(), owner.id, 25, 'Export = test');
  // Names a spreadsheet would run as formulas.
  const { rows: firstTwo } = await getPool().query<{ id: string }>('select id from public.calculations where batch_id = $1 order by name limit 3', [batchId]);
  await getPool().query(`update public.calculations set name = '=HYPERLINK("http://evil","x")' where id = $1`, [firstTwo[0]!.id]);
  await getPool().query(`update public.calculations set name = '@SUM(1+1)' where id = $1`, [firstTwo[1]!.id]);
  await getPool().query(`update public.calculations set name = E'-2+3, "quoted"\\nline' where id = $1`, [firstTwo[2]!.id]);
  // A single point: nothing optimised, so its input geometry is the one exported.
  const { rows: singlePoints } = await getPool().query<{ id: string }>(
    `update public.calculations set task = 'sp', opt_level = null, optimized_xyz = null,
            input_xyz = E'2\\ninput\\nH 0 0 0\\nH 0 0 0.74\\n'
      where batch_id = $1 and name = 'molecule 4' returning id`,
    [batchId],
  );

  it('CSV: one row per calculation with numbers as numbers and formulas neutralised', async () => {
    const text = (await exported(owner, batchId, 'csv', 7))!;
    const [header, ...rows] = parseCsv(text);
    expect(header).toContain('total_energy_Eh');
    expect(header).toEqual(
      expect.arrayContaining([
        'calculation_id',
        'name',
        'smiles',
        'inchikey',
        'method',
        'task',
        'solvent',
        'status',
        'homo_eV',
        'lumo_eV',
        'gap_eV',
        'dipole_D',
        'convergence',
        'wall_time_s',
      ]),
    );
    expect(rows).toHaveLength(25);
    const col = (name: string) => header!.indexOf(name);
    const names = rows.map((r) => r[col('name')]);
    expect(names).toContain(`'=HYPERLINK("http://evil","x")`);
    expect(names).toContain("'@SUM(1+1)");
    expect(names).toContain(`'-2+3, "quoted"\nline`);
    for (const r of rows) expect(r[col('name')]).not.toMatch(/^[=+\-@]/);
    const succeeded = rows.filter((r) => r[col('status')] === 'succeeded');
    expect(succeeded).toHaveLength(23);
    expect(Number(succeeded[0]![col('total_energy_Eh')])).toBeCloseTo(-5.07, 3);
    expect(succeeded[0]![col('total_energy_Eh')]!.startsWith("'")).toBe(false);
    expect(Number(succeeded[0]![col('gap_eV')])).toBe(9.8);
    expect(rows.filter((r) => r[col('status')] === 'failed').map((r) => r[col('error_type')])).toEqual(['convergence', 'convergence']);
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell(-1.5)).toBe('-1.5');
  });

  it('JSONL: one calculation per line with its per-atom arrays', async () => {
    const lines = (await exported(owner, batchId, 'jsonl', 4))!
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines).toHaveLength(25);
    const water = lines.find((l) => l.status === 'succeeded');
    expect(water.elements).toEqual(['O', 'H', 'H']);
    expect(water.charges).toEqual([-0.56, 0.28, 0.28]);
    expect(water.positions_angstrom[1]).toEqual([0, 0.7572, -0.4692]);
    expect(water.forces_Eh_per_bohr).toHaveLength(3);
    expect(water).toMatchObject({ method: expect.stringMatching(/^gfn[12]$/), gap_eV: 9.8, dipole_D: 2.1 });
    const failed = lines.find((l) => l.status === 'failed');
    expect(failed).toMatchObject({ elements: [], error_type: 'convergence' });
  });

  it('SDF: one record per succeeded calculation with its geometry and properties', async () => {
    const text = (await exported(owner, batchId, 'sdf'))!;
    const records = text.split('$$$$\n').filter((r) => r.trim() !== '');
    expect(records).toHaveLength(23);
    const lines = records[0]!.split('\n');
    expect(lines[3]).toMatch(/^ {2}3 {2}0 .*V2000$/);
    expect(lines[4]).toMatch(/^ +0\.0000 +0\.0000 +0\.1173 O /);
    expect(records[0]).toContain('M  END');
    expect(records[0]).toMatch(/>  <total_energy_Eh>\n-5\.07/);
    expect(records[0]).toMatch(/>  <geometry>\noptimised\n/);
    // A name with a line break stays on its title line.
    for (const r of records) expect(r.split('\n')[3]).toMatch(/V2000$/);
  });

  it('ZIP: per calculation a JSON file, and an XYZ file of the final geometry for each succeeded one', async () => {
    const result = (await exportBatch(owner.claims, batchId, 'zip', { chunkRows: 4 }))!;
    expect(result).toMatchObject({ fileName: 'Export-test.zip', contentType: 'application/zip' });
    // Through the route's byte stream, as a browser receives it.
    const entries = readZip(new Uint8Array(await new Response(streamChunks(result.chunks)).arrayBuffer()));
    const json = entries.filter((e) => e.name.endsWith('.json'));
    const xyz = entries.filter((e) => e.name.endsWith('.xyz'));
    expect(json).toHaveLength(25);
    expect(xyz).toHaveLength(23);
    for (const e of entries) expect(e.name).toMatch(/^Export-test\/\d{6}-[A-Za-z0-9._-]+-[0-9a-f]{8}\.(json|xyz)$/);
    const first = xyz.find((e) => e.name.startsWith('Export-test/000001-'))!;
    const lines = first.text.trimEnd().split('\n');
    expect(lines[0]).toBe('3');
    expect(lines[1]).toMatch(/ E=-5\.07\d* Eh$/);
    expect(lines.slice(2).map((l) => l.trim().split(/\s+/)[0])).toEqual(['O', 'H', 'H']);
    const record = JSON.parse(json.find((e) => e.name === first.name.replace(/\.xyz$/, '.json'))!.text);
    expect(record).toMatchObject({ status: 'succeeded', elements: ['O', 'H', 'H'], gap_eV: 9.8, geometry: 'optimised' });
    const failed = json.map((e) => JSON.parse(e.text)).filter((r) => r.status === 'failed');
    expect(failed.map((r) => r.error_type)).toEqual(['convergence', 'convergence']);
    const singlePoint = xyz.find((e) => e.name.includes(singlePoints[0]!.id.slice(0, 8)))!;
    expect(singlePoint.text.split('\n').slice(2, 4)).toEqual(['H 0 0 0', 'H 0 0 0.74']);
    expect(JSON.parse(json.find((e) => e.name === singlePoint.name.replace(/\.xyz$/, '.json'))!.text)).toMatchObject({ task: 'sp', geometry: 'input' });
  });

  it('gives another user nothing: their export of the batch is not found', async () => {
    for (const format of ['csv', 'jsonl', 'sdf', 'zip'] as const) expect(await exported(stranger, batchId, format)).toBeNull();
  });

  it('returns its connection to the pool when the reader stops early', async () => {
    const pool = getPool();
    const result = (await exportBatch(owner.claims, batchId, 'csv', { chunkRows: 2 }))!;
    await result.chunks.next();
    await result.chunks.next();
    await result.chunks.return(undefined);
    expect(pool.totalCount - pool.idleCount).toBe(0);
  });
});
