import type { ReactNode } from 'react';
import type { CalculationDetail } from '@/lib/calculations/get-calculation';
import { formatNumber } from '@/lib/results/format-number';
import { formatDipole, formatOrbital, formatTotalEnergy, type QuantityDisplay } from '@/lib/units/quantity-display';
import { METHOD_LABELS, TASK_LABELS, type Method, type Task } from '@/lib/calculations/parameters';
import { formatDate, formatDuration } from './result-time';

/** Energies, dipole, the parameters the calculation ran with, and its timing. */
export function ResultSummary({
  calc,
  display,
  wallTimeS,
}: {
  calc: CalculationDetail;
  /** The user's unit and decimals per kind of quantity (Settings → Display). */
  display: QuantityDisplay;
  wallTimeS: number | null;
}) {
  const rows: [string, ReactNode, string?][] = [
    ['Total energy', formatTotalEnergy(calc.totalEnergy, display), 'summary-energy'],
    ['HOMO', formatOrbital(calc.homo, display), 'summary-homo'],
    ['LUMO', formatOrbital(calc.lumo, display), 'summary-lumo'],
    ['HOMO–LUMO gap', formatOrbital(calc.gap, display), 'summary-gap'],
    [
      'Dipole moment',
      calc.dipoleMoment === null
        ? '—'
        : `${formatDipole(calc.dipoleMoment, display)}${calc.dipole ? ` (${calc.dipole.map((v) => formatDipole(v, display, { withUnit: false })).join(', ')})` : ''}${dipoleReferenceText(calc)}`,
      'summary-dipole',
    ],
    ['Method', `${METHOD_LABELS[calc.method as Method] ?? calc.method}${calc.xtbVersion ? ` (xtb ${calc.xtbVersion.replace(/\s*\(unknown\)$/, '')})` : ''}`],
    ['Task', `${TASK_LABELS[calc.task as Task] ?? calc.task}${calc.optLevel ? `, ${calc.optLevel}` : ''}`],
    ['Solvation', calc.solvationModel ? `${calc.solvationModel.toUpperCase()}, ${calc.solvent}` : 'none (gas phase)'],
    ['Charge / unpaired electrons', `${calc.charge} / ${calc.uhf}`],
    [
      'Electronic temperature',
      `${formatNumber(calc.etemp, 0)} K${calc.effectiveEtemp && calc.effectiveEtemp !== calc.etemp ? ` (raised to ${formatNumber(calc.effectiveEtemp, 0)} K after SCF trouble)` : ''}`,
    ],
    ['Accuracy / max SCF iterations', `${calc.accuracy} / ${calc.maxScfIterations}`],
    ['Convergence', convergenceText(calc), 'summary-convergence'],
    [
      'Geometry',
      calc.geometrySource === 'embedded'
        ? `embedded from SMILES on the server${calc.embeddingMs !== null ? ` (${formatNumber(calc.embeddingMs, 0)} ms)` : ''}`
        : calc.geometrySource === 'input'
          ? 'as submitted'
          : '—',
    ],
    ['Submitted', `${formatDate(calc.createdAt)} UTC`],
    ['Waited in queue', formatDuration(calc.queuedAt, calc.startedAt)],
    [
      'Run time',
      calc.startedAt ? `${formatDuration(calc.startedAt, calc.finishedAt)}${wallTimeS !== null ? ` (xtb wall ${formatNumber(wallTimeS, 2)} s)` : ''}` : '—',
    ],
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

/**
 * In words. A frequency run at a geometry that is not a stationary point never reads "converged":
 * the SCF may have converged, the geometry did not.
 */
function convergenceText(calc: CalculationDetail): string {
  if (calc.stationaryPoint === 'not_stationary') return 'geometry not converged (not a stationary point)';
  switch (calc.convergenceStatus) {
    case 'converged':
      return calc.task === 'opt' || calc.task === 'ohess' ? 'converged (SCF and geometry)' : 'converged (SCF)';
    case 'not_converged':
      return 'geometry not converged';
    case 'scf_not_converged':
      return 'SCF not converged';
    case 'not_applicable':
      return 'not applicable';
    default:
      return '—';
  }
}

/** An ion's dipole depends on the origin: say which one it is taken about. */
function dipoleReferenceText(calc: CalculationDetail): string {
  if (calc.dipoleReference === 'centre_of_mass') return ' about the centre of mass';
  // Stored before the reference was recorded: xtb's own value, about the input's coordinate origin.
  if (calc.dipoleReference === null && calc.charge !== 0) return ' about the coordinate origin';
  return '';
}
