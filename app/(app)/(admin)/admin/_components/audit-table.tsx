// Audit entries as a table: the recent ones on /admin and each page of the audit browser.
import type { AuditRow } from '@/lib/admin/audit-browser';

export function AuditTable({ rows, testId }: { rows: AuditRow[]; testId: string }) {
  return (
    <div className="max-w-6xl overflow-x-auto">
      <table className="w-full text-sm" data-testid={testId}>
        <thead>
          <tr className="border-b border-slate-200 text-left text-slate-500 dark:border-slate-800">
            <th className="py-2">When (UTC)</th>
            <th className="py-2">Who</th>
            <th className="py-2">Action</th>
            <th className="py-2">Entity</th>
            <th className="py-2">Outcome</th>
            <th className="py-2">Details</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={row.id} className="border-b border-slate-100 align-top dark:border-slate-800">
              <td className="py-2 tabular-nums whitespace-nowrap">{row.createdAt.toISOString().slice(0, 19).replace('T', ' ')}</td>
              <td className="py-2">{row.actor ?? row.actorId ?? 'system'}</td>
              <td className="py-2 font-mono text-xs">{row.action}</td>
              <td className="py-2 font-mono text-xs">
                {row.entityType ?? '—'}
                {row.entityId ? ` ${row.entityId}` : ''}
              </td>
              <td className={`py-2 ${row.status === 'success' ? '' : 'font-medium text-red-700 dark:text-red-400'}`}>{row.status}</td>
              <td className="py-2 text-xs break-all">
                {[row.reason, row.changes ? JSON.stringify(row.changes) : null, row.ipAddress ? `from ${row.ipAddress}` : null].filter(Boolean).join(' · ') ||
                  '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
