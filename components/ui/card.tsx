import type { HTMLAttributes } from 'react';

/** The bordered white panel pages are built from (result sections, forms, dashboard tiles). */
export const cardClassName = 'rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-900';

export function Card({ as: Tag = 'div', className, ...props }: HTMLAttributes<HTMLElement> & { as?: 'div' | 'section' }) {
  return <Tag className={className ? `${cardClassName} ${className}` : cardClassName} {...props} />;
}
