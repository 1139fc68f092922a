// Orbital energy levels around the HOMO–LUMO gap, drawn as SVG on the server: occupied levels
// in blue with their electrons, virtual levels in grey, the gap marked.
import { formatNumber } from '@/lib/results/format-number';
import { convertEnergy, ENERGY_UNIT_LABELS, HARTREE_TO_EV, type EnergyUnit } from '@/lib/units/format-energy';

const evTo = (unit: EnergyUnit, ev: number) => convertEnergy(ev / HARTREE_TO_EV, unit);

const SHOW_BELOW = 6;
const SHOW_ABOVE = 5;

export function OrbitalDiagram({
  energies,
  occupations,
  unit,
  precision,
}: {
  energies: number[];
  occupations: number[] | null;
  unit: EnergyUnit;
  precision: number;
}) {
  const occ = occupations ?? [];
  let homo = -1;
  for (let i = 0; i < energies.length; i++) if ((occ[i] ?? 0) > 0.5) homo = i;
  if (homo < 0) return <p className="text-sm text-slate-600 dark:text-slate-400">No occupied orbitals were stored.</p>;
  const lumo = homo + 1 < energies.length ? homo + 1 : null;
  const from = Math.max(0, homo - SHOW_BELOW + 1);
  const to = Math.min(energies.length - 1, homo + SHOW_ABOVE);
  const shown = energies.slice(from, to + 1).map((e, k) => ({ index: from + k, ev: e, value: evTo(unit, e), occupation: occ[from + k] ?? 0 }));
  const min = Math.min(...shown.map((s) => s.value));
  const max = Math.max(...shown.map((s) => s.value));
  const span = max - min || 1;
  const height = 360;
  const top = 16;
  const bottom = 16;
  const y = (v: number) => top + (1 - (v - min) / span) * (height - top - bottom);
  const label = ENERGY_UNIT_LABELS[unit];
  // Near-degenerate levels would print their labels on top of each other: spread the labels (not
  // the levels) at least 12 px apart, top to bottom.
  const labelY = new Map<number, number>();
  let previous = -Infinity;
  for (const s of [...shown].sort((a, b) => b.value - a.value)) {
    const wanted = y(s.value) + 4;
    const placed = Math.max(wanted, previous + 12);
    labelY.set(s.index, placed);
    previous = placed;
  }
  const overflow = Math.max(0, previous - (height - 4));
  const prec = precision;

  // Colours are classes, not fill/stroke attributes, so lines and labels follow the dark theme.
  return (
    <figure>
      <svg viewBox={`0 0 360 ${height + overflow}`} className="h-auto w-full max-w-md" role="img" aria-labelledby="orbital-title">
        <title id="orbital-title">
          Orbital energies from MO {from + 1} to {to + 1}; HOMO is MO {homo + 1}
          {lumo !== null ? `, LUMO is MO ${lumo + 1}` : ''}.
        </title>
        <line x1="60" y1={top} x2="60" y2={height - bottom} className="stroke-slate-400 dark:stroke-slate-500" />
        {shown.map((s) => {
          const isHomo = s.index === homo;
          const isLumo = s.index === lumo;
          const occupied = s.occupation > 0.5;
          const yy = y(s.value);
          return (
            <g key={s.index}>
              <line
                x1="90"
                x2="190"
                y1={yy}
                y2={yy}
                className={occupied ? 'stroke-blue-600 dark:stroke-blue-400' : 'stroke-slate-400 dark:stroke-slate-500'}
                strokeWidth={isHomo || isLumo ? 3 : 2}
              />
              {occupied && (
                <text x="140" y={yy - 3} textAnchor="middle" fontSize="11" className="fill-blue-600 dark:fill-blue-300">
                  {s.occupation > 1.5 ? '↑↓' : '↑'}
                </text>
              )}
              {Math.abs((labelY.get(s.index) ?? yy + 4) - (yy + 4)) > 1 && (
                <line x1="190" x2="198" y1={yy} y2={(labelY.get(s.index) ?? yy + 4) - 4} className="stroke-slate-300 dark:stroke-slate-600" />
              )}
              <text x="56" y={labelY.get(s.index) ?? yy + 4} textAnchor="end" fontSize="10" className="fill-slate-600 dark:fill-slate-300">
                {formatNumber(s.value, prec)}
              </text>
              <line x1="60" x2="88" y1={yy} y2={yy} className="stroke-slate-200 dark:stroke-slate-700" />
              <text
                x="200"
                y={labelY.get(s.index) ?? yy + 4}
                fontSize="11"
                className={isHomo || isLumo ? 'fill-slate-900 dark:fill-slate-50' : 'fill-slate-600 dark:fill-slate-300'}
                fontWeight={isHomo || isLumo ? 600 : 400}
              >
                {isHomo ? 'HOMO' : isLumo ? 'LUMO' : `MO ${s.index + 1}`}
              </text>
            </g>
          );
        })}
        {lumo !== null && (
          <g>
            <line
              x1="260"
              x2="260"
              y1={y(evTo(unit, energies[homo]!))}
              y2={y(evTo(unit, energies[lumo]!))}
              className="stroke-green-600 dark:stroke-green-400"
              markerEnd="url(#arrow)"
              markerStart="url(#arrow)"
            />
            <text
              x="268"
              y={(y(evTo(unit, energies[homo]!)) + y(evTo(unit, energies[lumo]!))) / 2 + 4}
              fontSize="11"
              className="fill-green-700 dark:fill-green-400"
            >
              gap {formatNumber(evTo(unit, energies[lumo]! - energies[homo]!), prec)}
            </text>
          </g>
        )}
        <defs>
          <marker id="arrow" viewBox="0 0 10 10" refX="5" refY="5" markerWidth="5" markerHeight="5" orient="auto-start-reverse">
            <path d="M 0 0 L 10 5 L 0 10 z" className="fill-green-600 dark:fill-green-400" />
          </marker>
        </defs>
      </svg>
      <figcaption className="text-xs text-slate-600 dark:text-slate-400">
        Energies in {label}; {energies.length} orbitals in total, the {shown.length} nearest the gap shown.
      </figcaption>
    </figure>
  );
}
