'use client';

import { useState, useTransition } from 'react';
import { deleteUserAction } from '../actions';

export function DeleteUserButton({ userId, label }: { userId: string; label: string }) {
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  return (
    <span className="inline-flex items-center gap-2">
      <button
        type="button"
        disabled={pending}
        aria-label={`Delete ${label}`}
        onClick={() => {
          if (!window.confirm(`Delete the account of ${label}? Their own data is deleted with it.`)) return;
          startTransition(async () => {
            const result = await deleteUserAction({ userId });
            setMessage(result.ok ? null : result.message);
          });
        }}
        className="rounded-md border border-red-300 px-2 py-1 text-xs text-red-700 hover:bg-red-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-red-500 disabled:opacity-60 dark:border-red-800 dark:text-red-300 dark:hover:bg-red-950"
      >
        {pending ? 'Deleting…' : 'Delete'}
      </button>
      {message && <span role="alert" className="text-xs text-red-700">{message}</span>}
    </span>
  );
}
