// The dark theme recolours the charts' fixed light-theme greys (recharts draws tick text in #666 and
// a white tooltip), so axis labels stay readable on the dark panels.
import { readdirSync, readFileSync } from 'node:fs';
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

describe('dark theme warning colours', () => {
  it('every class list with a dark red or amber text colour also names its dark-theme shade', () => {
    // red-600/700 and amber-700 are about 3:1 on the dark panels; globals.css lifts only the greys.
    const root = path.join(import.meta.dirname, '..');
    const files = ['app', 'components'].flatMap((dir) =>
      readdirSync(path.join(root, dir), { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.tsx') && !f.includes('.test.'))
        .map((f) => path.join(root, dir, f)),
    );
    const offenders = files.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/className="([^"]*)"/g)]
        .map((m) => m[1]!)
        .filter((classes) => /(^|\s)text-(red-(600|700)|amber-700)(\s|$)/.test(classes) && !/dark:text-/.test(classes))
        .map((classes) => `${path.relative(root, file)}: ${classes}`),
    );
    expect(offenders).toEqual([]);
  });
});
