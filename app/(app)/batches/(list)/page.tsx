import type { Metadata } from 'next';
import Link from 'next/link';
import { can } from '@/lib/auth/permissions';
import { requireUser } from '@/lib/auth/require-user';
import { listBatches } from '@/lib/batches/read-batches';
import { BatchProgress } from '../_components/batch-progress';
import { SharedMark } from '@/components/shared-mark';
import { DataTable, rowClassName } from '@/components/ui/data-table';

export const metadata: Metadata = { title: 'Batches' };

export default async function BatchesPage() {
  const user = await requireUser();
  const batches = await listBatches(user.claims);
  const canSubmit = can(user, 'calculation.submit');
  return (
    <section className="space-y-4">
      <div className="flex items-end justify-between gap-4">
        <div>
          <h1 className="text-2xl font-semibold tracking-tight">Batches</h1>
          <p className="mt-1 text-sm text-slate-600 dark:text-slate-400">Screening campaigns: many molecules, one set of parameters.</p>
        </div>
        {canSubmit && (
          <Link href="/batches/new" className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700">
            New batch
          </Link>
        )}
      </div>
      {batches.length === 0 ? (
        <p className="text-sm text-slate-600 dark:text-slate-400" data-testid="no-batches">
          No batches yet.{canSubmit ? ' Upload a CSV, .smi, SDF or XYZ file to start one.' : ''}
        </p>
      ) : (
        <DataTable
          testId="batch-list"
          columns={[
            { label: 'Name' },
            { label: 'Status' },
            { label: 'Progress', className: 'w-1/3' },
            { label: 'Items', numeric: true },
            { label: 'Succeeded', numeric: true },
            { label: 'Failed', numeric: true },
            { label: 'Invalid', numeric: true },
            { label: 'Created' },
          ]}
        >
          {batches.map((b) => (
            <tr key={b.id} className={rowClassName()} data-testid="batch-row">
              <td className="px-2 py-2">
                <Link href={`/batches/${b.id}`} className="font-medium text-indigo-700 hover:underline dark:text-indigo-400">
                  {b.name}
                </Link>
                {b.sharedBy && <SharedMark ownerName={b.sharedBy} />}
                {b.sourceFilename && <div className="text-xs text-slate-500">{b.sourceFilename}</div>}
              </td>
              <td className="px-2 py-2">{b.status}</td>
              <td className="px-2 py-2">
                <BatchProgress counts={b.counts} />
              </td>
              <td className="px-2 py-2 text-right tabular-nums">{b.counts.total.toLocaleString('en-US')}</td>
              <td className="px-2 py-2 text-right tabular-nums">{b.counts.succeeded.toLocaleString('en-US')}</td>
              <td className="px-2 py-2 text-right tabular-nums">{b.counts.failed.toLocaleString('en-US')}</td>
              <td className="px-2 py-2 text-right tabular-nums">{b.counts.invalid.toLocaleString('en-US')}</td>
              <td className="px-2 py-2 whitespace-nowrap">
                <time dateTime={b.createdAt}>{b.createdAt.slice(0, 16).replace('T', ' ')} UTC</time>
              </td>
            </tr>
          ))}
        </DataTable>
      )}
    </section>
  );
}
