import { Fragment, isValidElement, type ReactElement, type ReactNode } from 'react';
import { ScrollBox } from './scroll-box';

// The table every list and dashboard panel is built from: the wrapper that scrolls sideways on
// narrow screens, the caption and one header row from a list of columns. Rows stay at the call
// site (each list knows its own cells); `rowClassName` gives them the variant's divider.

/** A header cell: a label, or a ready-made <th> (a sortable header, say). */
export type Column =
  | {
      label: ReactNode;
      /** Numbers: right-aligned. */
      numeric?: boolean;
      /** Read by screen readers only (an actions column). */
      hidden?: boolean;
      /** Extra classes (a width, say). */
      className?: string;
    }
  | ReactElement;

export type TableVariant = 'list' | 'framed' | 'compact' | 'plain';

const STYLES: Record<TableVariant, { table: string; thead: string; th: string; tbody?: string; row: string }> = {
  // Lists of records: small grey headers, a divider under each row. Never uppercase: a header's
  // unit would change meaning (eV → EV, mEh → MEH, charge (e) → (E)).
  list: {
    table: 'w-full text-left text-sm',
    thead: 'border-b border-slate-200 text-xs font-medium text-slate-500 dark:border-slate-800',
    th: 'px-2 py-2',
    row: 'border-b border-slate-100 dark:border-slate-800',
  },
  // The results list: a bordered frame with a shaded header.
  framed: {
    table: 'min-w-full divide-y divide-slate-200 text-sm dark:divide-slate-800',
    thead: 'bg-slate-50 text-left text-xs font-semibold text-slate-600 dark:bg-slate-900 dark:text-slate-400',
    th: 'px-3 py-2',
    tbody: 'divide-y divide-slate-100 bg-white dark:divide-slate-800 dark:bg-slate-950',
    row: 'hover:bg-slate-50 dark:hover:bg-slate-900',
  },
  // Figures inside a panel: small quiet headers.
  compact: {
    table: 'w-full text-sm',
    thead: 'text-left text-xs text-slate-500',
    th: 'py-1 pr-2 font-medium',
    row: 'border-t border-slate-100 dark:border-slate-800',
  },
  // Reference text (the API page): no decoration.
  plain: { table: 'w-full text-left text-sm', thead: '', th: '', row: 'border-t border-slate-100 dark:border-slate-800' },
};

/** The divider classes of a variant's body rows. */
export function rowClassName(variant: TableVariant = 'list', extra?: string): string {
  return extra ? `${STYLES[variant].row} ${extra}` : STYLES[variant].row;
}

export function DataTable({
  columns,
  children,
  variant = 'list',
  caption,
  testId,
  className,
  wrapperClassName,
  headClassName,
  bodyClassName,
  captionClassName,
}: {
  columns: Column[];
  /** The body rows. */
  children: ReactNode;
  variant?: TableVariant;
  /** Read by screen readers only, unless `captionClassName` shows it. */
  caption?: ReactNode;
  /** Shows the caption with these classes (a line above the table saying what it lists). */
  captionClassName?: string;
  testId?: string;
  className?: string;
  /** Classes of the div around the table (default `overflow-x-auto`: it scrolls sideways). */
  wrapperClassName?: string;
  /** Extra classes for the header (`sticky top-0 …` in a scrolling box). */
  headClassName?: string;
  /** Extra classes for the body (`font-mono tabular-nums` for columns of figures). */
  bodyClassName?: string;
}) {
  const style = STYLES[variant];
  const table = (
    <table className={classes(style.table, className)} data-testid={testId}>
      {caption ? <caption className={captionClassName ?? 'sr-only'}>{caption}</caption> : null}
      <thead className={classes(style.thead, headClassName)}>
        <tr>
          {columns.map((column, i) =>
            isValidElement(column) ? (
              <Fragment key={i}>{column}</Fragment>
            ) : (
              <th key={i} scope="col" className={classes(style.th, column.numeric && 'text-right', column.className)}>
                {column.hidden ? <span className="sr-only">{column.label}</span> : column.label}
              </th>
            ),
          )}
        </tr>
      </thead>
      <tbody className={classes(style.tbody, bodyClassName)}>{children}</tbody>
    </table>
  );
  // Every table sits in a box that scrolls sideways, so a wide one never widens a phone's page. The box
  // is positioned: screen-reader-only text in a far-right cell (absolutely placed) stays inside it
  // rather than making the whole page scroll.
  // While it scrolls, the box is focusable (ScrollBox) so the keyboard can scroll it too.
  return (
    <ScrollBox
      className={classes('relative focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500', wrapperClassName ?? 'overflow-x-auto')}
      label={typeof caption === 'string' ? caption : 'Table'}
    >
      {table}
    </ScrollBox>
  );
}

/** The header cell classes of a variant, for a custom <th> passed as a column. */
export function headerCellClassName(variant: TableVariant, numeric = false): string {
  return classes(STYLES[variant].th, numeric && 'text-right') ?? '';
}

/** The given classes joined, or no attribute at all when there are none. */
function classes(...names: (string | false | undefined)[]): string | undefined {
  return names.filter(Boolean).join(' ') || undefined;
}
