// Audit entries as a table: the recent ones on /admin and each page of the audit browser.
import type { AuditRow } from '@/lib/admin/audit-browser';
import { DataTable, rowClassName } from '@/components/ui/data-table';

const COLUMNS = [{ label: 'When (UTC)' }, { label: 'Who' }, { label: 'Action' }, { label: 'Entity' }, { label: 'Outcome' }, { label: 'Details' }];

export function AuditTable({ rows, testId }: { rows: AuditRow[]; testId: string }) {
  return (
    <DataTable testId={testId} wrapperClassName="max-w-6xl overflow-x-auto" columns={COLUMNS}>
      {rows.map((row) => (
        <tr key={row.id} className={rowClassName('list', 'align-top')}>
          <td className="px-2 py-2 tabular-nums whitespace-nowrap">{row.createdAt.toISOString().slice(0, 19).replace('T', ' ')}</td>
          <td className="px-2 py-2">{row.actor ?? row.actorId ?? 'system'}</td>
          <td className="px-2 py-2 font-mono text-xs">{row.action}</td>
          <td className="px-2 py-2 font-mono text-xs">
            {row.entityType ?? '—'}
            {row.entityId ? ` ${row.entityId}` : ''}
            {row.owner ? <span className="block font-sans text-slate-600 dark:text-slate-400">of {row.owner}</span> : null}
          </td>
          <td className={`px-2 py-2 ${row.status === 'success' ? '' : 'font-medium text-red-700 dark:text-red-400'}`}>{row.status}</td>
          <td className="px-2 py-2 text-xs break-all">
            {[row.reason, row.changes ? JSON.stringify(row.changes) : null, row.ipAddress ? `from ${row.ipAddress}` : null].filter(Boolean).join(' · ') || '—'}
          </td>
        </tr>
      ))}
    </DataTable>
  );
}
