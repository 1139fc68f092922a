export function PageLoading({ label = 'Loading…' }: { label?: string }) {
  return (
    <div role="status" aria-live="polite" className="animate-pulse text-sm text-slate-500">
      {label}
    </div>
  );
}
