// The streaming ZIP writer read back by Python's zipfile and Info-ZIP's unzip: names (UTF-8),
// contents, small files stored, large ones deflated where it helps, and the ZIP64 end records past
// 65,535 entries.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { infoZip, readZip } from './read-zip-for-tests.ts';
import { DEFLATE_FROM, zipStream, type ZipEntry } from './zip-writer.ts';

async function zipped(entries: ZipEntry[], options: { level?: number } = {}): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  async function* source() {
    // In two groups, as an export hands them over chunk by chunk.
    const half = Math.ceil(entries.length / 2);
    yield entries.slice(0, half);
    yield entries.slice(half);
  }
  for await (const part of zipStream(source(), options)) parts.push(part);
  return Buffer.concat(parts);
}

const WATER_LINES = 'O 0 0 0\nH 0 0.75 -0.47\nH 0 -0.75 -0.47\n';

describe('zipStream', () => {
  it('writes entries that other readers open, deflated or stored as fits', async () => {
    const large = '3\nwater\n' + WATER_LINES.repeat(2000);
    expect(large.length).toBeGreaterThan(DEFLATE_FROM);
    const bytes = await zipped([
      { name: 'batch/000001-water.xyz', data: '3\nwater\n' + WATER_LINES.repeat(20) },
      { name: 'batch/000002-ünïcödé.json', data: '{"name":"ünïcödé"}\n' },
      { name: 'batch/large.xyz', data: large },
      { name: 'batch/noise.bin', data: randomBytes(DEFLATE_FROM + 300) },
      { name: 'batch/empty.txt', data: '' },
    ]);
    const entries = readZip(bytes);
    expect(entries.map((e) => e.name)).toEqual([
      'batch/000001-water.xyz',
      'batch/000002-ünïcödé.json',
      'batch/large.xyz',
      'batch/noise.bin',
      'batch/empty.txt',
    ]);
    // A small file is stored: setting up zlib for it costs more than the bytes it would save.
    expect(entries[0]).toMatchObject({ method: 'stored' });
    expect(entries[0]!.text.startsWith('3\nwater\nO 0 0 0\n')).toBe(true);
    expect(entries[1]!.text).toBe('{"name":"ünïcödé"}\n');
    expect(entries[2]).toMatchObject({ method: 'deflated', text: large });
    expect(bytes.length).toBeLessThan(large.length / 4 + 2 * (DEFLATE_FROM + 300)); // the large text went in deflated
    // Random bytes do not deflate: stored as they are.
    expect(entries[3]).toMatchObject({ name: 'batch/noise.bin', method: 'stored', size: DEFLATE_FROM + 300 });
    expect(entries[4]).toMatchObject({ text: '' });
    expect(infoZip(bytes, 'unzip', ['-tq'])).toMatch(/No errors detected/);
  });

  it('stores everything at level 0, files larger than its output chunks included', async () => {
    const large = WATER_LINES.repeat(4000);
    const bytes = await zipped(
      [
        { name: 'a.xyz', data: 'small\n' },
        { name: 'b.xyz', data: large },
        { name: 'c.bin', data: new Uint8Array(Buffer.from(large)) },
      ],
      { level: 0 },
    );
    const entries = readZip(bytes);
    expect(entries.map((e) => [e.name, e.method, e.size])).toEqual([
      ['a.xyz', 'stored', 6],
      ['b.xyz', 'stored', large.length],
      ['c.bin', 'stored', large.length],
    ]);
    expect(entries[1]!.text).toBe(large);
    expect(infoZip(bytes, 'unzip', ['-tq'])).toMatch(/No errors detected/);
  });

  it('writes the ZIP64 end records when there are more than 65,535 entries', async () => {
    const n = 65_600;
    const bytes = await zipped(Array.from({ length: n }, (_, i) => ({ name: `f/${i}.txt`, data: String(i) })));
    expect(infoZip(bytes, 'zipinfo', ['-t'])).toMatch(new RegExp(`^${n} files, `));
    expect(infoZip(bytes, 'unzip', ['-tq'])).toMatch(/No errors detected/);
  });
});
