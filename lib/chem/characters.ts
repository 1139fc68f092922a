// Character rules for what users type: SMILES is printable ASCII and nothing else (a Cyrillic 'О'
// looks like oxygen and RDKit would silently drop what follows it, computing another molecule), and
// names are any text that can be stored and shown, with their limit. Messages name the character
// and its position, because the culprit is often invisible (a zero-width space pasted from a web page).
// Shared by the browser (shown as the user types) and the server (which refuses whatever the client did).

export const MAX_NAME_LENGTH = 200;

const INVISIBLE_NAMES: Record<number, string> = {
  0x00a0: 'a non-breaking space',
  0x200b: 'a zero-width space',
  0x200c: 'a zero-width non-joiner',
  0x200d: 'a zero-width joiner',
  0x2060: 'a word joiner',
  0xfeff: 'a zero-width no-break space (byte order mark)',
  0x00ad: 'a soft hyphen',
  0x202e: 'a right-to-left override',
  0x202d: 'a left-to-right override',
};

function hex(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
}

/** "'О', U+041E" for visible characters, "U+200B, a zero-width space" for invisible ones. */
export function describeCharacter(char: string): string {
  const code = char.codePointAt(0)!;
  const name = INVISIBLE_NAMES[code];
  if (name) return `${hex(code)}, ${name}`;
  if (/[\p{Cc}\p{Cf}\p{Z}\p{Cs}\p{Co}\p{Cn}]/u.test(char)) return `${hex(code)}, an invisible character`;
  return `'${char}', ${hex(code)}`;
}

/**
 * The first character a SMILES may not contain, as a message ("character 3 ('О', U+041E) is not
 * allowed in SMILES…"), or null. Positions count characters as people see them (code points), from 1.
 */
export function findSmilesCharacterProblem(smiles: string): string | null {
  let position = 0;
  for (const char of smiles) {
    position++;
    const code = char.codePointAt(0)!;
    if (code >= 0x21 && code <= 0x7e) continue;
    if (char === ' ' || char === '\t' || char === '\n' || char === '\r') {
      return `SMILES cannot contain spaces or line breaks (position ${position})`;
    }
    return `character ${position} (${describeCharacter(char)}) is not allowed in SMILES: use only ASCII letters, digits and symbols`;
  }
  return null;
}

/**
 * Why a typed name cannot be stored as it is, or null. Control characters (NUL, line breaks, …) and
 * broken Unicode are refused rather than rewritten, so what is stored is what was typed; the length
 * limit is named. Right-to-left text is fine: it is isolated where names are shown.
 */
export function findNameProblem(name: string, maxLength = MAX_NAME_LENGTH): string | null {
  if (!name.isWellFormed()) return 'the name contains broken Unicode (an unpaired surrogate): retype it';
  let position = 0;
  for (const char of name) {
    position++;

    if (/[\u0000-\u001f\u007f-\u009f]/.test(char)) {
      return `character ${position} (${describeCharacter(char)}) is not allowed in a name: names are one line of text`;
    }
  }
  const length = [...name.trim()].length;
  if (length > maxLength) return `the name is ${length.toLocaleString('en-GB')} characters long; the limit is ${maxLength} characters`;
  return null;
}
