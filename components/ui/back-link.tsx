import Link from 'next/link';

/** "← Batches" above a page's heading: the way back to the list it belongs to. */
export function BackLink({ href, children }: { href: string; children: string }) {
  return (
    <p className="text-sm">
      <Link href={href} className="text-indigo-700 hover:underline dark:text-indigo-400">
        ← {children}
      </Link>
    </p>
  );
}
