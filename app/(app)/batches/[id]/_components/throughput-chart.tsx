'use client';

import { Bar, BarChart, CartesianGrid, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

/** Calculations finished per minute (UTC minute on the axis). */
export function ThroughputChart({ data }: { data: { minute: string; finished: number }[] }) {
  if (data.length === 0) return <p className="text-sm text-slate-500">No calculation has finished yet.</p>;
  const rows = data.map((d) => ({ minute: d.minute.slice(11, 16), finished: d.finished }));
  return (
    <div className="h-48 w-full" data-testid="throughput-chart">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={rows} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" opacity={0.4} />
          <XAxis dataKey="minute" fontSize={11} />
          <YAxis allowDecimals={false} fontSize={11} width={40} />
          <Tooltip formatter={(value) => [`${value} per minute`, 'finished']} />
          <Bar dataKey="finished" fill="#6366f1" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}
