// The xtb self-check's reason for a method it cannot run, in words, for the editor's method list and
// the submit refusal alike (client-safe).

/**
 * The xtb self-check's reason in words: its failure code ("XTB_PARAMETERS_MISSING") and xtb's
 * internal routine names ("xtb_calculator_newXTBCalculator:") mean nothing to users.
 */
export function reasonInWords(reason: string | null): string {
  if (!reason) return 'the xtb self-check did not pass';
  const file = /parameter file\s+(\S+?)\s+not found/i.exec(reason);
  if (file) return `the installed xtb has no parameter file for it (${file[1]})`;
  const text = reason
    .replace(/^[A-Z][A-Z0-9_]+:\s*/, '')
    .replace(/\b[a-z]+(?:_[A-Za-z0-9]+)+:\s*/g, '')
    .replace(/[.!]+$/, '')
    .trim();
  return text || 'the xtb self-check did not pass';
}
