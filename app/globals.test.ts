// The dark theme recolours the charts' fixed light-theme greys (recharts draws tick text in #666 and
// a white tooltip), so axis labels stay readable on the dark panels.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const css = readFileSync(path.join(import.meta.dirname, 'globals.css'), 'utf8');

/** The declarations of the first rule whose selector list names `selector`. */
function declarations(selector: string): string {
  const rule = css.match(new RegExp(`[^{}]*${selector.replace(/[.*()[\]]/g, '\\$&')}[^{}]*\\{([^}]*)\\}`));
  return rule?.[1] ?? '';
}

describe('dark theme charts', () => {
  it('gives axis text, grid and tooltip the theme greys', () => {
    expect(declarations(':where(.dark) .recharts-cartesian-axis-tick-value')).toMatch(/fill:\s*var\(--color-slate-300\)/);
    expect(declarations(':where(.dark) .recharts-cartesian-grid line')).toMatch(/stroke:\s*var\(--color-slate-700\)/);
    expect(declarations(':where(.dark) .recharts-default-tooltip')).toMatch(/background-color:\s*var\(--color-slate-900\)/);
  });
});
