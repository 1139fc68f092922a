'use client';

// IR spectrum: each mode a stick at its wavenumber, and their sum broadened with Lorentzians
// (FWHM 20 cm⁻¹), as spectra are usually compared with experiment. Without intensities every
// mode counts as 1 and the plot says so.
import { isImaginaryMode } from '@/lib/calculations/imaginary-modes';
import { CartesianGrid, ComposedChart, Line, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

const FWHM = 20;

export function IrSpectrum({ frequencies, intensities }: { frequencies: number[]; intensities: number[] | null }) {
  const modes = frequencies.map((f, i) => ({ f, i: intensities?.[i] ?? 1 })).filter((m) => Number.isFinite(m.f) && m.f > 0);
  if (modes.length === 0) return <p className="text-sm text-slate-500">No real vibrational modes to plot.</p>;
  const maxF = Math.max(4000, ...modes.map((m) => m.f + 100));
  const gamma = FWHM / 2;
  const points: { x: number; y: number }[] = [];
  for (let x = 0; x <= maxF; x += 4) {
    let y = 0;
    for (const m of modes) y += (m.i * gamma * gamma) / ((x - m.f) ** 2 + gamma * gamma);
    points.push({ x, y });
  }
  const maxY = Math.max(...points.map((p) => p.y), ...modes.map((m) => m.i)) || 1;
  const data = points.map((p) => ({ x: p.x, y: p.y / maxY }));
  const imaginary = frequencies.filter(isImaginaryMode).length;
  return (
    <figure>
      <div
        className="h-72 w-full"
        role="img"
        aria-label={`IR spectrum with ${modes.length} vibrational modes between ${Math.round(Math.min(...modes.map((m) => m.f)))} and ${Math.round(Math.max(...modes.map((m) => m.f)))} cm⁻¹`}
      >
        <ResponsiveContainer width="100%" height="100%">
          <ComposedChart data={data} margin={{ top: 8, right: 16, bottom: 24, left: 8 }}>
            <CartesianGrid strokeDasharray="3 3" stroke="#e2e8f0" />
            <XAxis
              dataKey="x"
              type="number"
              domain={[0, maxF]}
              reversed
              tickCount={9}
              label={{ value: 'wavenumber (cm⁻¹)', position: 'insideBottom', offset: -12 }}
              allowDataOverflow
            />
            <YAxis domain={[0, 1.05]} tickFormatter={(v: number) => v.toFixed(1)} label={{ value: 'relative intensity', angle: -90, position: 'insideLeft' }} />
            <Tooltip formatter={(v) => (typeof v === 'number' ? v.toFixed(3) : String(v))} labelFormatter={(l) => `${Number(l).toFixed(0)} cm⁻¹`} />
            {modes.map((m, k) => (
              <ReferenceLine
                key={k}
                segment={[
                  { x: m.f, y: 0 },
                  { x: m.f, y: m.i / maxY },
                ]}
                stroke="#94a3b8"
              />
            ))}
            <Line type="monotone" dataKey="y" stroke="#4f46e5" dot={false} strokeWidth={1.5} isAnimationActive={false} name="broadened" />
          </ComposedChart>
        </ResponsiveContainer>
      </div>
      <figcaption className="text-xs text-slate-500">
        {modes.length} modes, Lorentzian broadening FWHM {FWHM} cm⁻¹.
        {intensities ? '' : ' No IR intensities were stored: every mode is drawn with intensity 1.'}
        {imaginary > 0 ? ` ${imaginary} imaginary mode${imaginary === 1 ? '' : 's'} (below −20 cm⁻¹, xtb's convention: not a minimum) left out.` : ''}
      </figcaption>
    </figure>
  );
}
