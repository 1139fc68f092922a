// Checks the editor runs on every keystroke, paste and upload, before any preview, sketch or 3D view
// starts work: the same rules lib/chem applies on the server (which refuses whatever the browser
// did), answered at once and in words. Text that could never be saved (too large, NUL, broken
// Unicode) does not enter the editor's state at all, so it cannot stall auto-save.
import { findNameProblem, findSmilesCharacterProblem, MAX_NAME_LENGTH } from '@/lib/chem/characters';
import { DEFAULT_MAX_SMILES_LENGTH, EDITOR_MAX_STRUCTURE_BYTES, formatBytes } from '@/lib/chem/input-limits';
import { findEncodingProblem, utf8ByteLength } from '@/lib/chem/text-input';

export type DoorCheck = { accept: true; warning: string | null } | { accept: false; message: string };

const ACCEPT: DoorCheck = { accept: true, warning: null };

/** Typed or pasted SMILES: refused when too long (before any work); bad characters are shown, not hidden. */
export function checkSmilesAtDoor(smiles: string): DoorCheck {
  if (smiles.length > DEFAULT_MAX_SMILES_LENGTH) {
    return {
      accept: false,
      message: `This SMILES is ${smiles.length.toLocaleString('en-GB')} characters long; the limit is ${DEFAULT_MAX_SMILES_LENGTH.toLocaleString('en-GB')} characters. It was not pasted.`,
    };
  }
  if (/\u0000/.test(smiles) || !smiles.isWellFormed())
    return { accept: false, message: 'This text contains a NUL character or broken Unicode and cannot be used as a SMILES. It was not pasted.' };
  const problem = findSmilesCharacterProblem(smiles.trim());
  return problem ? { accept: true, warning: capitalise(problem) + '.' } : ACCEPT;
}

/** Typed or pasted XYZ (or a molfile's text): size and encoding first. */
export function checkStructureTextAtDoor(text: string, what: string): DoorCheck {
  if (text.length > EDITOR_MAX_STRUCTURE_BYTES / 3) {
    const bytes = utf8ByteLength(text);
    if (bytes > EDITOR_MAX_STRUCTURE_BYTES) {
      return {
        accept: false,
        message: `${capitalise(what)} is ${formatBytes(bytes)}; the editor takes up to ${formatBytes(EDITOR_MAX_STRUCTURE_BYTES)} (about 2,000 atoms of XYZ). It was not loaded: for larger work use the batch upload.`,
      };
    }
  }
  if (!text.isWellFormed()) return { accept: false, message: `${capitalise(what)} contains broken Unicode and was not loaded.` };
  const problem = findEncodingProblem(text);
  if (problem) return { accept: false, message: `${capitalise(what)} was not loaded: ${problem.line ? `line ${problem.line}: ` : ''}${problem.message}.` };
  return ACCEPT;
}

/** A typed name: the length limit and one line of text; refused names keep the field as it was. */
export function checkNameAtDoor(name: string): DoorCheck {
  if (/\u0000/.test(name) || !name.isWellFormed() || [...name.trim()].length > MAX_NAME_LENGTH) {
    return { accept: false, message: `${capitalise(findNameProblem(name) ?? 'the name cannot be used')}. It was not entered.` };
  }
  const problem = findNameProblem(name);
  return problem ? { accept: true, warning: `${capitalise(problem)}.` } : ACCEPT;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
