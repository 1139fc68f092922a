// What an earlier xtb run was asked to do, recovered from what it left behind: the command line
// xtb prints ("program call : xtb water.xyz --opt --alpb water"), the settings it prints as it
// runs (Hamiltonian, electronic temperature, solvent, the total charge), the .CHRG/.UHF files xtb
// reads, and xtbout.json. What xtb printed as used wins over what it was asked for; xtb's own
// defaults fill the rest.
import { IMPLICIT_SOLVATION_MODELS, OPT_LEVELS, type ImplicitSolvationModel, type Method, type OptLevel, type Task } from '../calculations/parameters.ts';
import type { XtbParsedOutput } from '../xtb/parse-xtb-output.ts';

export interface XtbRunSettings {
  method: Method;
  task: Task;
  optLevel: OptLevel;
  solvation: { model: ImplicitSolvationModel; solvent: string } | null;
  charge: number;
  uhf: number;
  etemp: number;
  accuracy: number;
  maxIterations: number;
  maxOptCycles: number | null;
}

/** What the command line asked for (absent: not on it). */
export interface XtbCommandLine {
  text: string;
  coordinateFile: string | null;
  method?: Method;
  task?: Task;
  optLevel?: OptLevel;
  solvation?: { model: ImplicitSolvationModel; solvent: string };
  charge?: number;
  uhf?: number;
  etemp?: number;
  accuracy?: number;
  maxIterations?: number;
  maxOptCycles?: number;
  /** A run type Quantum Forge does not store (molecular dynamics, scans, ...), as typed. */
  unsupportedRunType?: string;
}

// xtb 6.x run types other than single points, gradients, optimisations and Hessians.
const UNSUPPORTED_RUN_TYPES = new Set([
  '--md',
  '--omd',
  '--metadyn',
  '--siman',
  '--modef',
  '--bhess',
  '--path',
  '--scan',
  '--vip',
  '--vea',
  '--vipea',
  '--vomega',
  '--vfukui',
  '--esp',
  '--stm',
  '--dipro',
]);

// Options followed by a value that is not the coordinate file.
const OPTIONS_WITH_VALUE = new Set(['-P', '--parallel', '-I', '--input', '--namespace', '--define', '--vparam', '--xparam', '--pop', '--cma', '--etemp']);

// Other names xtb 6.5 accepts for solvents, as the app spells them (its solvent lists, reruns).
const SOLVENT_ALIASES: Record<string, string> = {
  h2o: 'water',
  chloroform: 'chcl3',
  dichloromethane: 'ch2cl2',
  diethylether: 'ether',
  tetrahydrofuran: 'thf',
  dimethylsulfoxide: 'dmso',
  dimethylformamide: 'dmf',
  'n-hexane': 'hexane',
  'n-hexadecane': 'hexadecane',
  furan: 'furane',
};

function solventName(name: string): string {
  const lower = name.toLowerCase();
  return SOLVENT_ALIASES[lower] ?? lower;
}

function integer(token: string | undefined): number | undefined {
  return token !== undefined && /^[-+]?\d+$/.test(token) ? Number(token) : undefined;
}

function real(token: string | undefined): number | undefined {
  if (token === undefined) return undefined;
  const value = Number(token.replace(/[dD]/, 'e'));
  return Number.isFinite(value) ? value : undefined;
}

/** The "program call" line of an xtb log, read into what it asked for; null when the log has none. */
export function parseXtbCommandLine(log: string): XtbCommandLine | null {
  const call = /^\s*program call\s*:\s*(.+?)\s*$/m.exec(log);
  if (!call) return null;
  const text = call[1]!;
  const coordinateFile = /^\s*coordinate file\s*:\s*(.+?)\s*$/m.exec(log)?.[1] ?? null;
  const tokens = text.split(/\s+/).slice(1);
  const result: XtbCommandLine = { text, coordinateFile };
  let optimises = false;
  let hessian = false;
  const level = (i: number): OptLevel | undefined => {
    const next = tokens[i + 1]?.toLowerCase();
    return (OPT_LEVELS as readonly string[]).includes(next ?? '') ? (next as OptLevel) : undefined;
  };
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    const [flag, inline] =
      token.startsWith('--') && token.includes('=') ? [token.slice(0, token.indexOf('=')), token.slice(token.indexOf('=') + 1)] : [token, undefined];
    const value = () => inline ?? tokens[++i];
    switch (flag) {
      case '--gfn': {
        const n = value();
        if (n === '0' || n === '1' || n === '2') result.method = `gfn${n}`;
        break;
      }
      case '--gfn0':
      case '--gfn1':
      case '--gfn2':
        result.method = flag.slice(2) as Method;
        break;
      case '--gfnff':
        result.method = 'gfnff';
        break;
      case '-c':
      case '--chrg':
        result.charge = integer(value());
        break;
      case '-u':
      case '--uhf':
        result.uhf = integer(value());
        break;
      case '--etemp':
        result.etemp = real(value());
        break;
      case '-a':
      case '--acc':
        result.accuracy = real(value());
        break;
      case '--iterations':
        result.maxIterations = integer(value());
        break;
      case '--cycles':
        result.maxOptCycles = integer(value());
        break;
      case '-g':
      case '--gbsa':
      case '--alpb': {
        const solvent = value();
        if (solvent) result.solvation = { model: flag === '--alpb' ? 'alpb' : 'gbsa', solvent: solventName(solvent) };
        break;
      }
      case '-o':
      case '--opt':
      case '--ohess': {
        optimises = true;
        if (flag === '--ohess') hessian = true;
        const l = inline && (OPT_LEVELS as readonly string[]).includes(inline) ? (inline as OptLevel) : level(i);
        if (l) {
          result.optLevel = l;
          if (!inline) i++;
        }
        break;
      }
      case '--hess':
        hessian = true;
        break;
      default:
        if (UNSUPPORTED_RUN_TYPES.has(flag)) result.unsupportedRunType ??= flag;
        else if (OPTIONS_WITH_VALUE.has(flag) && inline === undefined) i++;
    }
  }
  if (optimises || hessian) result.task = optimises && hessian ? 'ohess' : optimises ? 'opt' : 'hess';
  return result;
}

/** What the log printed as used (setup block, Hamiltonian banner, solvation section, total charge). */
interface PrintedSettings {
  method?: Method;
  etemp?: number;
  accuracy?: number;
  maxIterations?: number;
  solvation?: { model: ImplicitSolvationModel; solvent: string };
  charge?: number;
}

function printedSettings(log: string): PrintedSettings {
  const printed: PrintedSettings = {};
  if (/\|\s*G F N - F F\s*\|/.test(log)) printed.method = 'gfnff';
  else {
    const banner = /\|\s*G F N ([012]) - x T B\s*\|/.exec(log) ?? /:\s*Hamiltonian\s+GFN([012])-xTB\s*:/.exec(log);
    if (banner) printed.method = `gfn${banner[1] as '0' | '1' | '2'}`;
  }
  printed.etemp = real(/:\s*electronic temp\.\s+(\S+)\s+K\s*:/.exec(log)?.[1]);
  printed.accuracy = real(/:\s*accuracy\s+(\S+)\s*:/.exec(log)?.[1]);
  printed.maxIterations = integer(/:\s*max\. iterations\s+(\d+)\s*:/.exec(log)?.[1]);
  const model = /\*\s*Solvation model:\s*(\S+)/.exec(log)?.[1]?.toLowerCase();
  const solvent = /^\s*Solvent\s+(\S+)\s*$/m.exec(log)?.[1];
  if (model && solvent && (IMPLICIT_SOLVATION_MODELS as readonly string[]).includes(model)) {
    printed.solvation = { model: model as ImplicitSolvationModel, solvent: solventName(solvent) };
  }
  const charge = real(/::\s*total charge\s+(\S+)\s+e\s*::/.exec(log)?.[1]);
  if (charge !== undefined) printed.charge = Math.round(charge) + 0; // "+ 0": -0 from GFN-FF's "-0.000" becomes 0
  return printed;
}

/** The contents of xtb's .CHRG and .UHF files, when the folder had them. */
export interface ChargeFiles {
  chrg?: string;
  uhf?: string;
}

/**
 * The settings of the run. `parsed` is the worker's parse of the folder; the task falls back to
 * what ran (an optimisation, a Hessian) when the log has no command line.
 */
export function xtbRunSettings(
  log: string,
  commandLine: XtbCommandLine | null,
  files: ChargeFiles,
  parsed: XtbParsedOutput | null,
  jsonUhf: number | null,
): XtbRunSettings {
  const printed = printedSettings(log);
  const fromFile = (text: string | undefined) => integer(text?.trim().split(/\s+/)[0]);
  const jsonMethod = parsed?.method ? /gfn\s*-?\s*(ff|[012])/i.exec(parsed.method)?.[1]?.toLowerCase() : undefined;
  const method = printed.method ?? commandLine?.method ?? (jsonMethod ? (`gfn${jsonMethod}` as Method) : 'gfn2');
  const optimised = parsed?.optimization.ran === true || parsed?.optimizedGeometry != null;
  const hessian = parsed?.hessian.ran === true || (parsed?.vibrations?.length ?? 0) > 0;
  const ranTask: Task = optimised && hessian ? 'ohess' : optimised ? 'opt' : hessian ? 'hess' : 'sp';
  return {
    method,
    task: commandLine?.task ?? ranTask,
    optLevel: commandLine?.optLevel ?? 'normal',
    solvation: printed.solvation ?? commandLine?.solvation ?? null,
    charge: printed.charge ?? commandLine?.charge ?? fromFile(files.chrg) ?? 0,
    uhf: method === 'gfnff' ? 0 : (jsonUhf ?? commandLine?.uhf ?? fromFile(files.uhf) ?? 0),
    etemp: printed.etemp ?? commandLine?.etemp ?? 300,
    accuracy: printed.accuracy ?? commandLine?.accuracy ?? 1,
    maxIterations: printed.maxIterations ?? commandLine?.maxIterations ?? 250,
    maxOptCycles: commandLine?.maxOptCycles ?? null,
  };
}
