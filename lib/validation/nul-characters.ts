// PostgreSQL text and jsonb cannot hold U+0000: a NUL that reaches a statement fails it ("invalid
// byte sequence" / "unsupported Unicode escape sequence"), which a caller would only see as our
// generic 500. Free text from outside (API bodies and query strings, server action inputs) is looked
// through once for it, and refused with the field named. Client-safe.

export const NUL_CHARACTER_MESSAGE = 'This contains a NUL character (U+0000), which cannot be stored. Remove it and try again.';

/**
 * The dotted path of the first string (or object key) holding U+0000 in a JSON-like value, or null.
 * Walked with its own stack, and the path is only spelled out once found: JSON.parse takes nesting
 * far deeper than a recursive walk could, and a path per level would cost the square of the depth.
 */
export function pathOfNulCharacter(value: unknown): string | null {
  type Step = { key: string; parent: Step | null } | null;
  const spell = (step: Step): string => {
    const keys: string[] = [];
    for (let s = step; s; s = s.parent) keys.push(s.key);
    return keys.reverse().join('.') || '_';
  };
  const stack: [unknown, Step][] = [[value, null]];
  while (stack.length) {
    const [item, step] = stack.pop()!;
    if (typeof item === 'string') {
      if (item.includes('\u0000')) return spell(step);
      continue;
    }
    if (item === null || typeof item !== 'object') continue;
    const entries = Array.isArray(item) ? item.map((v, i) => [String(i), v] as const) : Object.entries(item);
    // Pushed in reverse, so the first field is looked at first.
    for (let i = entries.length - 1; i >= 0; i--) {
      const [key, v] = entries[i]!;
      const here = { key, parent: step };
      if (key.includes('\u0000')) return spell(here);
      stack.push([v, here]);
    }
  }
  return null;
}

/**
 * Text for a log row, where refusing is not an option: U+0000 shown as U+FFFD (the replacement
 * character), so one request's NUL cannot make the database drop the whole batch of rows it is in.
 */
export function withoutNulCharacters(text: string): string {
  return text.replaceAll('\u0000', '\uFFFD');
}
