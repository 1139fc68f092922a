// One error type for everything a user can get wrong in a molecule's input, so that callers (server
// actions, batch upload, the worker) can tell "the input is wrong, do not retry" from a system failure.

export type ChemInputField = 'text' | 'smiles' | 'charge' | 'uhf' | 'name' | 'format' | 'geometry';

export class ChemInputError extends Error {
  readonly field: ChemInputField;
  /** 1-based line of the input text the message is about, when there is one. */
  readonly line: number | undefined;

  constructor(field: ChemInputField, message: string, line?: number) {
    super(line === undefined ? message : `line ${line}: ${message}`);
    this.name = 'ChemInputError';
    this.field = field;
    this.line = line;
  }
}

/** A validation problem reported alongside others (a form shows all of them at once). */
export type InputIssue = { field: ChemInputField; message: string };
