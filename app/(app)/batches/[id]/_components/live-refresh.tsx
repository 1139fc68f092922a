'use client';

// Re-renders the server page every few seconds while the batch still has work, so counts, progress,
// throughput and the item table move without a reload; stops once everything is done.
import { useRouter } from 'next/navigation';
import { useEffect } from 'react';

export function LiveRefresh({ active, everyMs = 3_000 }: { active: boolean; everyMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => {
      if (document.visibilityState === 'visible') router.refresh();
    }, everyMs);
    return () => clearInterval(timer);
  }, [active, everyMs, router]);
  return active ? (
    <span className="text-xs text-slate-500" data-testid="live-indicator">
      updating live
    </span>
  ) : null;
}
