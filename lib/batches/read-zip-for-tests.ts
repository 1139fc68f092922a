// Tests read ZIP archives back with an independent reader, Python's zipfile (CRCs checked by
// testzip): every entry's name, compression method and text.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export type ReadEntry = { name: string; method: 'stored' | 'deflated'; size: number; text: string };

const READER = `
import json, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z:
    bad = z.testzip()
    entries = [{"name": i.filename, "method": "deflated" if i.compress_type == zipfile.ZIP_DEFLATED else "stored",
                "size": i.file_size, "text": z.read(i).decode("utf-8", "replace")} for i in z.infolist()]
json.dump({"bad": bad, "entries": entries}, sys.stdout)
`;

export function readZip(bytes: Uint8Array): ReadEntry[] {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'qf-zip-'));
  try {
    const file = path.join(dir, 'archive.zip');
    writeFileSync(file, bytes);
    const out = JSON.parse(execFileSync('python3', ['-c', READER, file], { maxBuffer: 256 << 20 }).toString()) as { bad: string | null; entries: ReadEntry[] };
    if (out.bad) throw new Error(`bad CRC in ${out.bad}`);
    return out.entries;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** An Info-ZIP tool on the archive (`unzip -tq`: tests every CRC; `zipinfo -t`: totals), its output. */
export function infoZip(bytes: Uint8Array, command: 'unzip' | 'zipinfo', args: string[]): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'qf-zip-'));
  try {
    const file = path.join(dir, 'archive.zip');
    writeFileSync(file, bytes);
    return execFileSync(command, [...args, file])
      .toString()
      .trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
