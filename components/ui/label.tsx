import type { LabelHTMLAttributes } from 'react';

export const labelClassName = 'mb-1 block text-sm font-medium text-slate-700 dark:text-slate-300';

export function Label({ className, ...props }: LabelHTMLAttributes<HTMLLabelElement>) {
  return <label className={className ? `${labelClassName} ${className}` : labelClassName} {...props} />;
}
