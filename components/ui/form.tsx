// Form pieces built from the primitives in this folder: a labelled text field, its error, the
// form's message and its submit button.
import type { InputHTMLAttributes, ReactNode } from 'react';
import { Button } from './button';
import { Input } from './input';
import { labelClassName } from './label';

export function TextField({ label, invalid, id, ...props }: InputHTMLAttributes<HTMLInputElement> & { label: string; invalid?: boolean }) {
  const inputId = id ?? `field-${props.name}`;
  return (
    <label htmlFor={inputId} className="block">
      <span className={labelClassName}>{label}</span>
      <Input id={inputId} aria-invalid={invalid || undefined} aria-describedby={invalid ? `${inputId}-error` : undefined} {...props} />
    </label>
  );
}

export function FieldError({ messages, id }: { messages?: string[]; id?: string }) {
  if (!messages?.length) return null;
  return (
    <p id={id} role="alert" className="mt-1 text-sm text-red-700 dark:text-red-400">
      {messages[0]}
    </p>
  );
}

export function FormMessage({ tone, children }: { tone: 'error' | 'info'; children: ReactNode }) {
  const styles =
    tone === 'error'
      ? 'border-red-300 bg-red-50 text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200'
      : 'border-sky-300 bg-sky-50 text-sky-800 dark:border-sky-800 dark:bg-sky-950 dark:text-sky-200';
  return (
    <div role={tone === 'error' ? 'alert' : 'status'} className={`rounded-md border px-3 py-2 text-sm ${styles}`}>
      {children}
    </div>
  );
}

export function SubmitButton({ pending, children }: { pending: boolean; children: ReactNode }) {
  return (
    <Button type="submit" variant="primary" disabled={pending} aria-busy={pending} className="w-full">
      {pending ? 'Working…' : children}
    </Button>
  );
}
