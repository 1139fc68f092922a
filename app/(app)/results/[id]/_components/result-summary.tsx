import type { ReactNode } from 'react';
import type { CalculationDetail } from '@/lib/calculations/get-calculation';
import { formatNumber } from '@/lib/results/format-number';
import { formatEnergy, formatOrbitalEnergy, type EnergyUnit } from '@/lib/units/format-energy';
import { METHOD_LABELS, TASK_LABELS, type Method, type Task } from '@/lib/calculations/parameters';
import { formatDate, formatDuration } from './result-time';

/** Energies, dipole, the parameters the calculation ran with, and its timing. */
export function ResultSummary({ calc, unit, precision, wallTimeS }: { calc: CalculationDetail; unit: EnergyUnit; precision: number; wallTimeS: number | null }) {
  const rows: [string, ReactNode, string?][] = [
    ['Total energy', formatEnergy(calc.totalEnergy, unit, precision), 'summary-energy'],
    ['HOMO', formatOrbitalEnergy(calc.homo, unit, precision), 'summary-homo'],
    ['LUMO', formatOrbitalEnergy(calc.lumo, unit, precision), 'summary-lumo'],
    ['HOMO–LUMO gap', formatOrbitalEnergy(calc.gap, unit, precision), 'summary-gap'],
    [
      'Dipole moment',
      calc.dipoleMoment === null ? '—' : `${formatNumber(calc.dipoleMoment, 3)} D${calc.dipole ? ` (${calc.dipole.map((v) => formatNumber(v, 3)).join(', ')})` : ''}`,
      'summary-dipole',
    ],
    ['Method', `${METHOD_LABELS[calc.method as Method] ?? calc.method}${calc.xtbVersion ? ` (xtb ${calc.xtbVersion.replace(/\s*\(unknown\)$/, '')})` : ''}`],
    ['Task', `${TASK_LABELS[calc.task as Task] ?? calc.task}${calc.optLevel ? `, ${calc.optLevel}` : ''}`],
    ['Solvation', calc.solvationModel ? `${calc.solvationModel.toUpperCase()}, ${calc.solvent}` : 'none (gas phase)'],
    ['Charge / unpaired electrons', `${calc.charge} / ${calc.uhf}`],
    ['Electronic temperature', `${formatNumber(calc.etemp, 0)} K${calc.effectiveEtemp && calc.effectiveEtemp !== calc.etemp ? ` (raised to ${formatNumber(calc.effectiveEtemp, 0)} K after SCF trouble)` : ''}`],
    ['Accuracy / max SCF iterations', `${calc.accuracy} / ${calc.maxScfIterations}`],
    ['Convergence', calc.convergenceStatus?.replaceAll('_', ' ') ?? '—'],
    ['Geometry', calc.geometrySource === 'embedded' ? `embedded from SMILES on the server${calc.embeddingMs !== null ? ` (${formatNumber(calc.embeddingMs, 0)} ms)` : ''}` : calc.geometrySource === 'input' ? 'as submitted' : '—'],
    ['Submitted', `${formatDate(calc.createdAt)} UTC`],
    ['Waited in queue', formatDuration(calc.queuedAt, calc.startedAt)],
    ['Run time', calc.startedAt ? `${formatDuration(calc.startedAt, calc.finishedAt)}${wallTimeS !== null ? ` (xtb wall ${formatNumber(wallTimeS, 2)} s)` : ''}` : '—'],
    ['Attempts', String(calc.attempts)],
  ];
  return (
    <dl className="grid grid-cols-[minmax(0,12rem)_1fr] gap-x-4 gap-y-1 text-sm">
      {rows.map(([label, value, testId]) => (
        <div key={label} className="contents">
          <dt className="text-slate-600 dark:text-slate-400">{label}</dt>
          <dd className="font-mono tabular-nums" data-testid={testId}>
            {value}
          </dd>
        </div>
      ))}
    </dl>
  );
}
