// One folder of an earlier xtb run, read the way the worker reads its own work directory: the
// output files through lib/xtb's reader and parser, the verdict from classifyXtbRun (the worker's
// judge of success), and what the run was asked to do from its log (xtb-run-settings.ts). Nothing
// here writes; store-imported-run.ts does.
import { createHash } from 'node:crypto';
import { open, readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseMolfile, parseSdf } from '../chem/parse-molfile.ts';
import { classifyXtbRun, type XtbOutcome } from '../xtb/classify-xtb-failure.ts';
import { parseXtbJson, parseXtbOutputFiles, readXtbOutputFiles, type XtbParsedOutput } from '../xtb/parse-xtb-output.ts';
import { formatXyz, parseXyzLastFrame, type XyzAtom } from '../xtb/xyz-format.ts';
import { taskOptimises } from '../calculations/parameters.ts';
import type { Folder, FolderFile } from './find-folders.ts';
import { parseTurbomoleCoord } from './turbomole-coord.ts';
import { parseXtbCommandLine, xtbRunSettings, type XtbRunSettings } from './xtb-run-settings.ts';

/** Files larger than this are not read (a log of a long optimisation of a big system stays well below). */
export const MAX_FILE_BYTES = 64 * 1024 * 1024;
const SNIFF_BYTES = 16 * 1024;

// What xtb writes next to its input. The parser reads the first group; the rest only tell that xtb ran here.
const PARSED_OUTPUTS = ['xtbout.json', 'gradient', 'xtbopt.xyz', 'charges', 'gfnff_charges', 'vibspectrum', 'g98.out', 'xtbopt.log', 'xtbhess.xyz'];
const OPTIMISED_OTHER_FORMATS = ['xtbopt.coord', 'xtbopt.mol', 'xtbopt.sdf'];
const OTHER_OUTPUTS = ['wbo', 'hessian', '.sccnotconverged', '.xtboptok', 'xtbrestart', 'xtbtopo.mol', 'gfnff_topo', 'gfnff_adjacency', 'xtblast.xyz'];
// Hashed with the input and the log: the files whose content is the result. (xtbrestart and the
// GFN-FF topology are caches xtb may rewrite without the run changing.)
const HASHED_OUTPUTS = new Set([...PARSED_OUTPUTS, ...OPTIMISED_OTHER_FORMATS, 'wbo', 'hessian', '.sccnotconverged', '.xtboptok', '.CHRG', '.UHF']);
const XTB_FILES = new Set([...PARSED_OUTPUTS, ...OPTIMISED_OTHER_FORMATS, ...OTHER_OUTPUTS]);

const isEngrad = (name: string) => name.endsWith('.engrad');
const isXtbFile = (name: string) => XTB_FILES.has(name) || isEngrad(name);

const INPUT_EXTENSIONS: Record<string, InputFormat> = { '.xyz': 'xyz', '.coord': 'coord', '.mol': 'mol', '.sdf': 'sdf' };
const LOG_EXTENSIONS = new Set(['', '.out', '.log', '.txt', '.stdout', '.output']);
/** A file that could be the run's input, log or output (the others do not change the verdict). */
const mayMatter = (name: string) => {
  const ext = path.extname(name).toLowerCase();
  return isXtbFile(name) || ext in INPUT_EXTENSIONS || LOG_EXTENSIONS.has(ext) || name === '.CHRG' || name === '.UHF';
};
const STDERR_EXTENSIONS = new Set(['.err', '.stderr']);

export type InputFormat = 'xyz' | 'coord' | 'mol' | 'sdf';

export interface XtbFolderRun {
  folder: Folder;
  input: { file: FolderFile; format: InputFormat; atoms: XyzAtom[] | null; text: string };
  log: FolderFile | null;
  stdout: string;
  settings: XtbRunSettings;
  parsed: XtbParsedOutput;
  verdict: XtbOutcome;
  xtbVersion: string | null;
  commandLine: string | null;
  /** Names of the files that went into the content hash. */
  files: string[];
  contentHash: string;
  /** When xtb finished (the log's modification time) and how long it ran by its own account. */
  finishedAt: Date;
  wallTimeS: number | null;
}

export type FolderReading = { kind: 'run'; run: XtbFolderRun } | { kind: 'not-xtb'; reason: string } | { kind: 'skipped'; reason: string };

const megabytes = (bytes: number, digits = 1) => `${(bytes / (1024 * 1024)).toFixed(digits)} MB`;

async function head(file: FolderFile): Promise<string> {
  const handle = await open(file.path, 'r');
  try {
    const buffer = Buffer.alloc(Math.min(SNIFF_BYTES, file.size));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).toString('utf8');
  } finally {
    await handle.close();
  }
}

/** xtb's banner: the boxed "x T B" and the version line, within the first lines of its output. */
function hasXtbBanner(text: string): boolean {
  return /\|\s+x T B\s+\|/.test(text) && /\*\s*xtb version\s+\S+/.test(text);
}

function readText(file: FolderFile): Promise<string> {
  return readFile(file.path, 'utf8').then((text) => text.replace(/^\uFEFF/, ''));
}

function list(names: string[]): string {
  return names.length <= 4 ? names.join(', ') : `${names.slice(0, 4).join(', ')} and ${names.length - 4} more`;
}

/** The input's atoms in Å (null when they cannot be read here; the molecule parser then says why). */
function inputAtoms(format: InputFormat, text: string): XyzAtom[] | null {
  try {
    switch (format) {
      case 'coord':
        return parseTurbomoleCoord(text);
      case 'xyz':
        // Positions for the results; the molecule is read again by lib/chem's XYZ parser (its limits and messages).
        return parseXyzLastFrame(text);
      case 'mol':
        return parseMolfile(text).atoms;
      case 'sdf':
        return parseSdf(text)[0]?.atoms ?? null;
    }
  } catch {
    return null;
  }
}

async function contentHash(files: FolderFile[]): Promise<string> {
  const hash = createHash('sha256');
  for (const file of [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
    const bytes = await readFile(file.path);
    hash.update(`${file.name}\0${bytes.length}\0`);
    hash.update(bytes);
  }
  return hash.digest('hex');
}

/** Reads one folder; never throws for what is in it (only for I/O failing midway). */
export async function readXtbFolder(folder: Folder): Promise<FolderReading> {
  const byName = new Map(folder.files.map((f) => [f.name, f]));
  const outputs = folder.files.filter((f) => isXtbFile(f.name));

  // xtb's captured output: a text file starting with its banner (only the first 16 KB are looked at).
  const logs: FolderFile[] = [];
  const stderrFiles: FolderFile[] = [];
  for (const file of folder.files) {
    const ext = path.extname(file.name).toLowerCase();
    if (STDERR_EXTENSIONS.has(ext) || file.name === 'stderr') stderrFiles.push(file);
    if (isXtbFile(file.name) || !LOG_EXTENSIONS.has(ext) || file.size === 0 || file.name.startsWith('.')) continue;
    if (file.name === 'coord') continue;
    if (hasXtbBanner(await head(file))) logs.push(file);
  }
  // A file that cannot be read may be the log or the input: nothing is judged without it.
  const unreadable = folder.unreadable.filter(({ name }) => mayMatter(name));
  if (unreadable.length > 0) {
    return { kind: 'skipped', reason: `unreadable: ${unreadable.map(({ name, reason }) => `${name} (${reason})`).join(', ')}` };
  }
  if (logs.length === 0 && outputs.length === 0) {
    return { kind: 'not-xtb', reason: 'no xtb output here (no log with xtb’s banner, no xtbout.json or other files xtb writes)' };
  }
  if (folder.linksOutside.length > 0 && folder.linksOutside.some(mayMatter)) {
    return { kind: 'skipped', reason: `not read: ${list(folder.linksOutside)} link${folder.linksOutside.length === 1 ? 's' : ''} outside the imported folder` };
  }
  // A folder where xtb ran more than once: the newest log belongs to the files beside it.
  const log = logs.sort((a, b) => b.mtimeMs - a.mtimeMs)[0] ?? null;
  const json = byName.get('xtbout.json');
  if (!log && !json) {
    return {
      kind: 'skipped',
      reason: `xtb left ${list(outputs.map((f) => f.name))} here but neither its output log nor xtbout.json, so there is no energy to import`,
    };
  }
  const tooLarge = [log, ...outputs, ...stderrFiles].filter((f): f is FolderFile => f !== null && f.size > MAX_FILE_BYTES);
  if (tooLarge.length > 0) {
    const f = tooLarge[0]!;
    return { kind: 'skipped', reason: `unreadable: ${f.name} is ${megabytes(f.size)}, more than the ${megabytes(MAX_FILE_BYTES, 0)} the importer reads` };
  }

  const stdout = log ? await readText(log) : '';
  const commandLine = parseXtbCommandLine(stdout);
  if (commandLine?.unsupportedRunType) {
    return {
      kind: 'skipped',
      reason: `xtb ran "${commandLine.unsupportedRunType}" here (${commandLine.text}); only single points, optimisations and frequency runs are imported`,
    };
  }

  // The input: the file xtb says it read, else the one geometry file that is not xtb's own output.
  const candidates = folder.files.filter(
    (f) => (INPUT_EXTENSIONS[path.extname(f.name).toLowerCase()] || f.name === 'coord') && !isXtbFile(f.name) && !f.name.startsWith('xtb'),
  );
  const named = commandLine?.coordinateFile ? byName.get(path.basename(commandLine.coordinateFile)) : undefined;
  const inputFile = named ?? (candidates.length === 1 ? candidates[0] : undefined);
  if (!inputFile) {
    return {
      kind: 'skipped',
      reason:
        candidates.length === 0
          ? 'xtb output but no input geometry (.xyz, coord, .mol or .sdf) next to it'
          : `several geometry files (${list(candidates.map((f) => f.name))}) and no xtb log naming the one it read`,
    };
  }
  if (inputFile.size > MAX_FILE_BYTES) {
    return { kind: 'skipped', reason: `unreadable: ${inputFile.name} is ${megabytes(inputFile.size)}` };
  }
  const format: InputFormat = inputFile.name === 'coord' ? 'coord' : INPUT_EXTENSIONS[path.extname(inputFile.name).toLowerCase()]!;
  const inputText = await readText(inputFile);
  const atoms = inputAtoms(format, inputText);
  if (format === 'coord' && !atoms) return { kind: 'skipped', reason: `the input ${inputFile.name} is no Turbomole coord file in bohr that can be read` };

  const files = await readXtbOutputFiles(folder.dir);
  if (files.xtbopt === undefined) {
    // xtb writes the optimised geometry in the input's format: xtbopt.coord, xtbopt.mol, xtbopt.sdf.
    const other = OPTIMISED_OTHER_FORMATS.map((name) => byName.get(name)).find((f) => f !== undefined);
    if (other) {
      const otherAtoms = inputAtoms(other.name === 'xtbopt.coord' ? 'coord' : other.name === 'xtbopt.mol' ? 'mol' : 'sdf', await readText(other));
      if (otherAtoms) files.xtbopt = formatXyz(otherAtoms, 'optimised by xtb');
    }
  }
  const stderrFile = stderrFiles.find((f) => log && path.parse(f.name).name === path.parse(log.name).name) ?? stderrFiles[0];
  const stderr = stderrFile ? await readText(stderrFile) : '';
  let parsed = parseXtbOutputFiles(files, stdout, stderr, atoms);
  // The worker sees xtb's stderr, where "normal termination of xtb" goes; a captured stdout alone
  // ends with the timings xtb prints only after finishing its work. Without any log, xtbout.json
  // (written at the end of a completed run) with an energy is the evidence.
  // (xtb lists warnings as "-1- …" lines in successful runs too: they do not tell the run failed.)
  if (!parsed.normalTermination && !/abnormal termination of xtb/.test(`${stdout}\n${stderr}`)) {
    const finished = log ? /^\s*\*\s*finished run on/m.test(stdout) : parsed.totalEnergyEh !== null;
    if (finished) parsed = { ...parsed, normalTermination: true };
  }

  const charge = {
    chrg: byName.get('.CHRG') ? await readText(byName.get('.CHRG')!) : undefined,
    uhf: byName.get('.UHF') ? await readText(byName.get('.UHF')!) : undefined,
  };
  const jsonUhf = files.json !== undefined ? (parseXtbJson(files.json)?.unpairedElectrons ?? null) : null;
  const settings = xtbRunSettings(stdout, commandLine, charge, parsed, jsonUhf);

  let verdict: XtbOutcome;
  if (!log && taskOptimises(settings.task)) {
    verdict = {
      ok: false,
      failure: {
        type: 'unknown',
        code: 'NO_LOG',
        message: 'xtb’s output log was not kept, and only its "GEOMETRY OPTIMIZATION CONVERGED" line proves that an optimisation converged',
        retryable: false,
        retryWithHigherEtemp: false,
        userActionRequired: false,
      },
    };
  } else {
    verdict = classifyXtbRun({ exitCode: parsed.normalTermination ? 0 : 1, signal: null, timedOut: false, cancelled: false, stderr }, parsed, {
      task: settings.task,
      method: settings.method,
    });
    if (!verdict.ok && verdict.failure.code === 'ABNORMAL_TERMINATION') {
      // The exit code of an earlier run is not known: say what the log shows instead.
      const detail = parsed.errorMessages.at(-1);
      verdict.failure.message = `xtb did not finish normally: its output ends before "normal termination" and the final timings${detail ? ` (${detail})` : ''}`;
    }
  }

  const hashed = [
    inputFile,
    ...(log ? [log] : []),
    ...(stderrFile ? [stderrFile] : []),
    ...folder.files.filter((f) => HASHED_OUTPUTS.has(f.name) || isEngrad(f.name)),
  ];
  const unique = [...new Map(hashed.map((f) => [f.name, f])).values()];
  const newest = log ?? json!;
  return {
    kind: 'run',
    run: {
      folder,
      input: { file: inputFile, format, atoms, text: inputText },
      log,
      stdout,
      settings,
      parsed,
      verdict,
      xtbVersion: parsed.xtbVersion,
      commandLine: commandLine?.text ?? null,
      files: unique.map((f) => f.name).sort(),
      contentHash: await contentHash(unique),
      finishedAt: new Date(newest.mtimeMs),
      wallTimeS: parsed.xtbWallTimeS,
    },
  };
}
