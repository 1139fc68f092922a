import type { ButtonHTMLAttributes } from 'react';

// The app's buttons. `buttonClassName` is for links that look like buttons (e.g. "Edit and rerun").
export type ButtonVariant = 'primary' | 'secondary' | 'danger';
export type ButtonSize = 'md' | 'sm';

const BASE = 'inline-flex items-center justify-center rounded-md focus:outline-none focus-visible:ring-2 disabled:opacity-60';
const VARIANTS: Record<ButtonVariant, string> = {
  primary: 'bg-indigo-600 font-semibold text-white shadow hover:bg-indigo-500 focus-visible:ring-indigo-500 focus-visible:ring-offset-2',
  secondary: 'border border-slate-300 font-medium hover:bg-slate-100 focus-visible:ring-indigo-500 dark:border-slate-700 dark:hover:bg-slate-800',
  danger:
    'border border-red-300 font-medium text-red-700 hover:bg-red-50 focus-visible:ring-red-500 dark:border-red-800 dark:text-red-300 dark:hover:bg-red-950',
};
const SIZES: Record<ButtonVariant, Record<ButtonSize, string>> = {
  primary: { md: 'px-4 py-2 text-sm', sm: 'px-3 py-1.5 text-sm' },
  secondary: { md: 'px-3 py-1.5 text-sm', sm: 'px-2 py-1 text-xs' },
  danger: { md: 'px-3 py-1.5 text-sm', sm: 'px-2 py-1 text-xs' },
};

export function buttonClassName(variant: ButtonVariant = 'secondary', size: ButtonSize = 'md', extra?: string): string {
  return [BASE, VARIANTS[variant], SIZES[variant][size], extra].filter(Boolean).join(' ');
}

export function Button({
  variant = 'secondary',
  size = 'md',
  className,
  type = 'button',
  ...props
}: ButtonHTMLAttributes<HTMLButtonElement> & { variant?: ButtonVariant; size?: ButtonSize }) {
  return <button type={type} className={buttonClassName(variant, size, className)} {...props} />;
}
