'use client';
// While a calculation waits or runs: its place in the queue, a ticking timer, and the optimisation's
// latest cycle (step, energy, gradient norm) as the worker reads it from xtb's log.
import { useEffect, useState } from 'react';
import type { LiveStatus } from '@/components/use-calculation-statuses';
import { formatTotalEnergy, type QuantityDisplay } from '@/lib/units/quantity-display';

function elapsed(fromIso: string, now: number): string {
  const seconds = Math.max(0, Math.floor((now - Date.parse(fromIso)) / 1000));
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  const mmss = `${String(m).padStart(h ? 2 : 1, '0')}:${String(s).padStart(2, '0')}`;
  return h ? `${h}:${mmss}` : mmss;
}

export function LiveProgress({ live, display }: { live: LiveStatus; display: QuantityDisplay }) {
  const running = live.status === 'running' && !live.cancelRequested && live.startedAt !== null;
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!running) return;
    const timer = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(timer);
  }, [running]);

  if (live.status === 'queued' && !live.cancelRequested) {
    const ahead = live.queuedAhead;
    return (
      <p className="w-full text-sm text-slate-600 dark:text-slate-300" data-testid="queue-position">
        {ahead === null
          ? 'Waiting in the queue for a worker.'
          : ahead === 0
            ? 'Next in the queue: it starts when a worker is free.'
            : `Waiting in the queue: ${ahead} calculation${ahead === 1 ? '' : 's'} ahead of this one.`}
      </p>
    );
  }
  if (!running) return null;
  const p = live.progress;
  return (
    <div className="w-full text-sm text-slate-600 dark:text-slate-300" data-testid="run-progress">
      <p>
        Running for{' '}
        <span className="font-mono tabular-nums" data-testid="run-timer">
          {elapsed(live.startedAt!, now)}
        </span>
        {p ? '.' : ' (optimisations show each step here; other tasks only when they finish).'}
      </p>
      {p && (
        <p data-testid="run-step">
          Optimisation step {p.step}: energy <span className="font-mono tabular-nums">{formatTotalEnergy(p.energyEh, display)}</span>, gradient norm{' '}
          <span className="font-mono tabular-nums">{p.gradientNorm.toExponential(2)} Eh/bohr</span>
        </p>
      )}
    </div>
  );
}
