// RDKit MinimalLib (WASM) in Node: initialised once per process, on first use (≈0.1 s), because a
// request that never touches chemistry should not pay for it. Molecules live in WASM memory that the
// garbage collector does not see: every Mol must be delete()d, which withMolecule guarantees.
import initRDKitModule, { type Log, type MainModule, type Mol } from '@rdkit/rdkit';

export type RDKitModule = MainModule;
export type RDKitMol = Mol;

type RDKitState = { rdkit: RDKitModule; errorLog: Log };

let loading: Promise<RDKitState> | null = null;

async function loadRDKit(): Promise<RDKitState> {
  if (!loading) {
    loading = initRDKitModule().then((rdkit) => {
      // Capture RDKit's error log instead of letting it print to stderr: its messages ("unclosed
      // ring", "Explicit valence for atom # 1 C, 6, is greater than permitted") are what the user needs.
      const errorLog = rdkit.set_log_capture('rdApp.error');
      if (!errorLog) throw new Error('RDKit: could not capture its error log');
      return { rdkit, errorLog };
    });
    // A failed start (missing .wasm) must not be cached for ever.
    loading.catch(() => {
      loading = null;
    });
  }
  return loading;
}

export async function getRDKit(): Promise<RDKitModule> {
  return (await loadRDKit()).rdkit;
}

export type MoleculeResult<T> = { ok: true; value: T } | { ok: false; message: string };

/** What a molecule RDKit crashed on is told (a few hundred atoms in a chain or ring are enough). */
export const RDKIT_CRASH_MESSAGE = 'the structure is too large or too complex for RDKit to read';

/**
 * A WebAssembly trap ("memory access out of bounds") leaves RDKit's memory broken: every later call
 * in this process would fail too, so one bad molecule would stop every submission until a restart.
 * The instance is dropped and the next call starts a fresh one.
 */
function crashed(error: unknown): boolean {
  if (!(error instanceof WebAssembly.RuntimeError)) return false;
  loading = null;
  return true;
}

/**
 * Parses `input` (SMILES or molblock) with RDKit, runs `use` on the molecule and deletes it. When
 * RDKit refuses the input, returns its own message, cleaned of timestamps and duplicates.
 */
export async function withMolecule<T>(
  input: string,
  details: Record<string, unknown>,
  read: (mol: RDKitMol, rdkit: RDKitModule) => T,
): Promise<MoleculeResult<T>> {
  const { rdkit, errorLog } = await loadRDKit();
  // Calls into WASM are synchronous, so nothing else can write to the log between clear and read.
  errorLog.clear_buffer();
  let mol: RDKitMol | null;
  try {
    mol = rdkit.get_mol(input, JSON.stringify(details));
  } catch (error) {
    if (crashed(error)) return { ok: false, message: RDKIT_CRASH_MESSAGE };
    throw error;
  }
  if (!mol || !mol.is_valid()) {
    mol?.delete();
    return { ok: false, message: cleanRDKitLog(errorLog.get_buffer()) || 'RDKit could not read the structure' };
  }
  let broken = false;
  try {
    return { ok: true, value: read(mol, rdkit) };
  } catch (error) {
    broken = crashed(error);
    if (broken) return { ok: false, message: RDKIT_CRASH_MESSAGE };
    throw error;
  } finally {
    // Freeing into the broken memory of a crashed instance could trap again.
    if (!broken) mol.delete();
  }
}

function cleanRDKitLog(buffer: string): string {
  const lines = buffer
    .split('\n')
    .map((line) => line.replace(/^\[\d\d:\d\d:\d\d\]\s*/, '').trim())
    // Drop the echoed input and the caret line: the form shows the input and the position message says where.
    .filter((line) => line !== '' && !/^~*\^$/.test(line) && !/^SMILES Parse Error: check for mistakes/.test(line));
  const unique = [...new Set(lines)];
  // "check for mistakes around position N:" is followed by an echo of the input; keep the position.
  const position = /check for mistakes around position (\d+)/.exec(buffer);
  const messages = unique
    .filter((line) => !/^SMILES Parse Error: Failed parsing SMILES/.test(line) || unique.length === 1)
    .filter((line) => line.includes(' ') || unique.length === 1)
    .map((line) =>
      line
        .replace(/^SMILES Parse Error: /, '')
        // The form shows the input; repeating it ("for input: 'C1CC'") only adds noise.
        .replace(/ (for input|while parsing): .*$/, '')
        .replace(/\s+/g, ' '),
    );
  const text = messages.join('; ');
  return position ? `${text} (around position ${position[1]})` : text;
}
