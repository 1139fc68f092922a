// Everything a submitter can get wrong, as one typed error with per-field messages, so that a server
// action maps it to { ok:false, message, fieldErrors } and nothing else leaks.
export type SubmissionErrorCode =
  | 'INVALID_INPUT'
  | 'INVALID_PARAMETERS'
  | 'METHOD_UNAVAILABLE'
  | 'FORBIDDEN'
  | 'NOT_FOUND'
  | 'NOT_CANCELLABLE';

export class SubmissionError extends Error {
  readonly code: SubmissionErrorCode;
  readonly fieldErrors: Record<string, string[]>;

  constructor(code: SubmissionErrorCode, message: string, fieldErrors: Record<string, string[]> = {}) {
    super(message);
    this.name = 'SubmissionError';
    this.code = code;
    this.fieldErrors = fieldErrors;
  }
}

export function addFieldError(errors: Record<string, string[]>, field: string, message: string): void {
  (errors[field] ??= []).push(message);
}
