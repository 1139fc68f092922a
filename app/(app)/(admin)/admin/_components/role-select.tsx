'use client';

import { useState, useTransition } from 'react';
import { Select } from '@/components/ui/select';
import { ROLES } from '@/lib/auth/permissions';
import { setUserRole } from '../actions';

export function RoleSelect({ userId, role, label }: { userId: string; role: string; label: string }) {
  const [value, setValue] = useState(role);
  const [message, setMessage] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [pending, startTransition] = useTransition();
  return (
    <span className="inline-flex items-center gap-2">
      <Select
        compact
        aria-label={`Role of ${label}`}
        value={value}
        disabled={pending}
        onChange={(event) => {
          const next = event.target.value;
          const previous = value;
          setValue(next);
          setSaved(false);
          startTransition(async () => {
            const result = await setUserRole({ userId, role: next });
            if (!result.ok) {
              setValue(previous);
              setMessage(result.message);
            } else {
              setMessage(null);
              setSaved(true);
            }
          });
        }}
      >
        {ROLES.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </Select>
      {message && (
        <span role="alert" className="text-xs text-red-700 dark:text-red-300">
          {message}
        </span>
      )}
      <span role="status" className="text-xs text-emerald-700 dark:text-emerald-300">
        {saved && !pending ? 'Saved' : ''}
      </span>
    </span>
  );
}
