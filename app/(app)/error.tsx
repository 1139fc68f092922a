'use client';

import { SERVER_ACTION_TOO_LARGE_MESSAGE } from '@/lib/chem/input-limits';

export default function ErrorPage({ error, reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-4 text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
      <h2 className="font-semibold">This page could not be shown.</h2>
      {/* The proxy's answer to an oversized form is ours and in words; other messages may be internal. */}
      {error.message === SERVER_ACTION_TOO_LARGE_MESSAGE ? <p className="mt-1 text-sm">{error.message}</p> : null}
      <p className="mt-1 text-sm">Nothing you entered was lost. {error.digest ? `Reference: ${error.digest}.` : ''}</p>
      <button type="button" onClick={reset} className="mt-3 rounded-md bg-red-700 px-3 py-1.5 text-sm text-white hover:bg-red-600">
        Try again
      </button>
    </div>
  );
}
