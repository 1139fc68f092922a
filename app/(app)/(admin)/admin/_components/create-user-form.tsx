'use client';

import { useRef, useState, useTransition } from 'react';
import { FieldError, FormMessage, TextField } from '@/components/ui/form';
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
      className="grid max-w-3xl grid-cols-1 gap-3 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-2 dark:border-slate-800 dark:bg-slate-900"
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
        <TextField id="new-user-email" label="E-mail" name="email" type="email" required invalid={!!result?.fieldErrors?.email} />
        <FieldError messages={result?.fieldErrors?.email} />
      </div>
      <div>
        <TextField id="new-user-password" label="Initial password" name="password" type="password" autoComplete="new-password" required invalid={!!result?.fieldErrors?.password} />
        <FieldError messages={result?.fieldErrors?.password} />
      </div>
      <label className="block">
        <span className="mb-1 block text-sm font-medium text-slate-700 dark:text-slate-300">Role</span>
        <select name="role" defaultValue="researcher" className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-600 dark:bg-slate-900">
          <option value="researcher">researcher</option>
          <option value="viewer">viewer</option>
          <option value="admin">admin</option>
        </select>
      </label>
      <div className="sm:col-span-2">
        <button
          type="submit"
          disabled={pending}
          className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-semibold text-white hover:bg-indigo-500 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 disabled:opacity-60"
        >
          {pending ? 'Creating…' : 'Create account'}
        </button>
      </div>
    </form>
  );
}
