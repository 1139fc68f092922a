/** The header row of the teams pages' tables: column labels, a right-aligned one for numbers, a hidden one for buttons. */
export function TableHead({ columns }: { columns: { label: string; align?: 'right'; hidden?: boolean }[] }) {
  return (
    <thead className="border-b border-slate-200 text-xs uppercase text-slate-500 dark:border-slate-800">
      <tr>
        {columns.map((c) => (
          <th key={c.label} scope="col" className={`px-2 py-2 ${c.align === 'right' ? 'text-right' : ''}`}>
            {c.hidden ? <span className="sr-only">{c.label}</span> : c.label}
          </th>
        ))}
      </tr>
    </thead>
  );
}
