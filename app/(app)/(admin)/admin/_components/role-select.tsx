'use client';

import { useState, useTransition } from 'react';
import { setUserRole } from '../actions';

export function RoleSelect({ userId, role, label }: { userId: string; role: string; label: string }) {
  const [value, setValue] = useState(role);
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  return (
    <span className="inline-flex items-center gap-2">
      <select
        aria-label={`Role of ${label}`}
        value={value}
        disabled={pending}
        onChange={(event) => {
          const next = event.target.value;
          const previous = value;
          setValue(next);
          startTransition(async () => {
            const result = await setUserRole({ userId, role: next });
            if (!result.ok) {
              setValue(previous);
              setMessage(result.message);
            } else setMessage(null);
          });
        }}
        className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm dark:border-slate-700 dark:bg-slate-900"
      >
        <option value="admin">admin</option>
        <option value="researcher">researcher</option>
        <option value="viewer">viewer</option>
      </select>
      {message && <span role="alert" className="text-xs text-red-700">{message}</span>}
    </span>
  );
}
