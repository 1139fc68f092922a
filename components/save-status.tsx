'use client';
// The quiet auto-save indicator in the header.
import { useUiStore } from './ui-store-provider';

const LABELS = {
  saved: 'Saved',
  saving: 'Saving…',
  retrying: 'Not saved — retrying',
  invalid: 'Not saved',
} as const;

export function SaveStatus() {
  const status = useUiStore((s) => s.sync.status);
  const message = useUiStore((s) => s.sync.message);
  // The stored revision, for tests that wait for one particular change to be saved.
  const revision = useUiStore((s) => s.sync.revision);
  const problem = status === 'retrying' || status === 'invalid';
  return (
    <span
      role="status"
      data-testid="save-status"
      data-status={status}
      data-revision={revision}
      title={message ?? undefined}
      className={`text-xs ${problem ? 'font-medium text-amber-700 dark:text-amber-400' : 'text-slate-500 dark:text-slate-400'}`}
    >
      {LABELS[status]}
      {status === 'invalid' && message ? <span className="sr-only">: {message}</span> : null}
    </span>
  );
}
