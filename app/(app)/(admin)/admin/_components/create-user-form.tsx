'use client';

import { useRef, useState, useTransition } from 'react';
import { Button } from '@/components/ui/button';
import { cardClassName } from '@/components/ui/card';
import { FieldError, FormMessage, TextField } from '@/components/ui/form';
import { Label } from '@/components/ui/label';
import { Select } from '@/components/ui/select';
import { ROLES } from '@/lib/auth/permissions';
import { createUserAction } from '../actions';

export function CreateUserForm() {
  const formRef = useRef<HTMLFormElement>(null);
  const [pending, startTransition] = useTransition();
  const [result, setResult] = useState<{ ok: boolean; message: string; fieldErrors?: Record<string, string[]> } | null>(null);
  return (
    <form
      ref={formRef}
      noValidate
      aria-labelledby="create-user-heading"
      className={`${cardClassName} grid max-w-3xl grid-cols-1 gap-3 sm:grid-cols-2`}
      // onSubmit rather than a form action: React resets a form after its action runs, which would
      // throw away what the admin typed when the server refuses it.
      onSubmit={(event) => {
        event.preventDefault();
        const formData = new FormData(event.currentTarget);
        startTransition(async () => {
          const response = await createUserAction(formData);
          if (response.ok) {
            setResult({ ok: true, message: `Account created for ${String(formData.get('email'))}.` });
            formRef.current?.reset();
          } else setResult({ ok: false, message: response.message, fieldErrors: response.fieldErrors });
        });
      }}
    >
      <h2 id="create-user-heading" className="font-medium sm:col-span-2">
        Add a user
      </h2>
      {result && (
        <div className="sm:col-span-2">
          <FormMessage tone={result.ok ? 'info' : 'error'}>{result.message}</FormMessage>
        </div>
      )}
      <div>
        <TextField id="new-user-name" label="Name" name="displayName" required invalid={!!result?.fieldErrors?.displayName} />
        <FieldError messages={result?.fieldErrors?.displayName} />
      </div>
      <div>
        <TextField id="new-user-email" label="Email" name="email" type="email" required invalid={!!result?.fieldErrors?.email} />
        <FieldError messages={result?.fieldErrors?.email} />
      </div>
      <div>
        <TextField
          id="new-user-password"
          label="Initial password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          invalid={!!result?.fieldErrors?.password}
        />
        <FieldError messages={result?.fieldErrors?.password} />
      </div>
      <div>
        <Label htmlFor="new-user-role">Role</Label>
        <Select id="new-user-role" name="role" defaultValue="researcher">
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {role}
            </option>
          ))}
        </Select>
      </div>
      <div className="sm:col-span-2">
        <Button type="submit" variant="primary" disabled={pending}>
          {pending ? 'Creating…' : 'Create account'}
        </Button>
      </div>
    </form>
  );
}
