// The streaming ZIP writer read back by Python's zipfile and Info-ZIP's unzip: names (UTF-8),
// contents, deflate where it helps and stored where it does not, and the ZIP64 end records past
// 65,535 entries.
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { infoZip, readZip } from './read-zip-for-tests.ts';
import { zipStream, type ZipEntry } from './zip-writer.ts';

async function zipped(entries: ZipEntry[]): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  async function* source() {
    yield* entries;
  }
  for await (const part of zipStream(source())) parts.push(part);
  return Buffer.concat(parts);
}

describe('zipStream', () => {
  it('writes entries that other readers open, deflated or stored as fits', async () => {
    const bytes = await zipped([
      { name: 'batch/000001-water.xyz', data: '3\nwater\n' + 'O 0 0 0\nH 0 0.75 -0.47\nH 0 -0.75 -0.47\n'.repeat(20) },
      { name: 'batch/000002-ünïcödé.json', data: '{"name":"ünïcödé"}\n' },
      { name: 'batch/noise.bin', data: randomBytes(300) },
      { name: 'batch/empty.txt', data: '' },
    ]);
    const entries = readZip(bytes);
    expect(entries.map((e) => e.name)).toEqual(['batch/000001-water.xyz', 'batch/000002-ünïcödé.json', 'batch/noise.bin', 'batch/empty.txt']);
    expect(entries[0]).toMatchObject({ method: 'deflated' });
    expect(entries[0]!.text.startsWith('3\nwater\nO 0 0 0\n')).toBe(true);
    expect(entries[1]!.text).toBe('{"name":"ünïcödé"}\n');
    // Random bytes do not deflate: stored as they are.
    expect(entries[2]).toMatchObject({ name: 'batch/noise.bin', method: 'stored', size: 300 });
    expect(entries[3]).toMatchObject({ text: '' });
    expect(infoZip(bytes, 'unzip', ['-tq'])).toMatch(/No errors detected/);
  });

  it('writes the ZIP64 end records when there are more than 65,535 entries', async () => {
    const n = 65_600;
    const bytes = await zipped(Array.from({ length: n }, (_, i) => ({ name: `f/${i}.txt`, data: String(i) })));
    expect(infoZip(bytes, 'zipinfo', ['-t'])).toMatch(new RegExp(`^${n} files, `));
    expect(infoZip(bytes, 'unzip', ['-tq'])).toMatch(/No errors detected/);
  });
});
