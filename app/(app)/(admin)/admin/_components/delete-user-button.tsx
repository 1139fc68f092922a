'use client';

import { useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { deleteUserAction } from '../actions';

export function DeleteUserButton({ userId, label }: { userId: string; label: string }) {
  const [pending, startTransition] = useTransition();
  const [message, setMessage] = useState<string | null>(null);
  return (
    <span className="inline-flex items-center gap-2">
      <Button
        variant="danger"
        size="sm"
        disabled={pending}
        aria-label={`Delete ${label}`}
        onClick={() => {
          if (!window.confirm(`Delete the account of ${label}? Their own data is deleted with it.`)) return;
          startTransition(async () => {
            const result = await deleteUserAction({ userId });
            setMessage(result.ok ? null : result.message);
          });
        }}
      >
        {pending ? 'Deleting…' : 'Delete'}
      </Button>
      {message && (
        <span role="alert" className="text-xs text-red-700 dark:text-red-400">
          {message}
        </span>
      )}
    </span>
  );
}
