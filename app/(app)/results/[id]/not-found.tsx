import Link from 'next/link';

export default function ResultNotFound() {
  return (
    <div className="space-y-2">
      <h1 className="text-2xl font-semibold tracking-tight">Calculation not found</h1>
      <p className="text-sm text-slate-600 dark:text-slate-400">It does not exist, or it belongs to someone who has not shared it with you.</p>
      <Link href="/results" className="text-sm font-medium text-indigo-700 underline dark:text-indigo-300">
        Back to the results
      </Link>
    </div>
  );
}
