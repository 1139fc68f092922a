'use client';

// "Save as draft" and the list of drafts (unfinished submissions kept in the user's session).
import type { Draft, EditorContent } from '@/lib/ui-state/ui-state';

// Fixed zone: the list is rendered on the server too, and must read the same in the browser.
const savedAt = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'short', timeZone: 'UTC' });

export function draftLabel(draft: Pick<EditorContent, 'name' | 'smiles' | 'xyz' | 'molfile'>): string {
  const text =
    draft.name.trim() || draft.smiles.trim() || draft.xyz.split(/\r?\n/)[1]?.trim() || draft.molfile.split(/\r?\n/, 1)[0]?.trim() || 'Untitled draft';
  return text.length > 60 ? `${text.slice(0, 59)}…` : text;
}

export function EditorDrafts({
  drafts,
  canSave,
  onSave,
  onOpen,
  onDelete,
}: {
  drafts: Draft[];
  /** False while the editor holds no structure. */
  canSave: boolean;
  onSave: () => void;
  onOpen: (id: string) => void;
  onDelete: (id: string) => void;
}) {
  return (
    <div className="space-y-2">
      <button type="button" onClick={onSave} disabled={!canSave} className={buttonClass}>
        Save as draft
      </button>
      {drafts.length > 0 && (
        <section aria-labelledby="drafts-heading" className="rounded-md border border-slate-200 p-3 dark:border-slate-800">
          <h3 id="drafts-heading" className="mb-2 text-sm font-semibold">
            Drafts
          </h3>
          <ul className="divide-y divide-slate-100 text-sm dark:divide-slate-800" data-testid="draft-list">
            {drafts.map((draft) => {
              const label = draftLabel(draft);
              return (
                <li key={draft.id} data-testid="draft" className="flex items-center gap-2 py-1.5">
                  <span className="min-w-0 flex-1">
                    <span className="block truncate font-medium" title={label} dir="auto">
                      <bdi>{label}</bdi>
                    </span>
                    <time dateTime={draft.updatedAt} className="text-xs text-slate-500">
                      {savedAt.format(new Date(draft.updatedAt))} UTC
                    </time>
                  </span>
                  <button type="button" onClick={() => onOpen(draft.id)} aria-label={`Open draft ${label}`} className={buttonClass}>
                    Open
                  </button>
                  <button
                    type="button"
                    onClick={() => onDelete(draft.id)}
                    aria-label={`Delete draft ${label}`}
                    className={`${buttonClass} text-red-700 dark:text-red-300`}
                  >
                    Delete
                  </button>
                </li>
              );
            })}
          </ul>
        </section>
      )}
    </div>
  );
}

const buttonClass =
  'rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 disabled:opacity-50 dark:border-slate-700 dark:hover:bg-slate-800';
