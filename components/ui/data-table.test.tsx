// A table on a phone: it scrolls inside its own box, and its headers keep the units as written.
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { DataTable } from './data-table';

const render = (props: Partial<Parameters<typeof DataTable>[0]> = {}) =>
  renderToStaticMarkup(
    <DataTable caption="Atoms" columns={[{ label: 'Charge (e)' }, { label: 'Energy (mEh)', numeric: true }, { label: 'Actions', hidden: true }]} {...props}>
      <tr>
        <td>1</td>
        <td>2</td>
        <td>3</td>
      </tr>
    </DataTable>,
  );

describe('DataTable', () => {
  it('wraps every table in a positioned box that scrolls sideways', () => {
    // Without `relative`, the screen-reader-only header text (absolutely placed) escapes the box and
    // the whole page scrolls sideways on a phone.
    expect(render()).toMatch(/^<div class="relative [^"]*overflow-x-auto"><table/);
    expect(render({ wrapperClassName: 'max-h-80 overflow-auto' })).toMatch(/^<div class="relative [^"]*max-h-80 overflow-auto"><table/);
  });

  it('never upper-cases headers, which would change units (eV → EV, mEh → MEH, e → E)', () => {
    for (const variant of ['list', 'framed', 'compact', 'plain'] as const) {
      const html = render({ variant });
      expect(html).not.toContain('uppercase');
      expect(html).toContain('Energy (mEh)');
    }
  });
});
