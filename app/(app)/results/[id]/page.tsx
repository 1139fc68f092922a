import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { Suspense, type ReactNode } from 'react';
import { PageLoading } from '@/components/ui/page-loading';
import { requireUser, type CurrentUser } from '@/lib/auth/require-user';
import { getPreferences } from '@/lib/preferences/get-preferences';
import { formatNumber } from '@/lib/results/format-number';
import { formatEnergy, formatOrbitalEnergy, type EnergyUnit } from '@/lib/units/format-energy';
import { calculationVisible, getCalculation, type CalculationDetail } from '@/lib/results/get-calculation';
import { METHOD_LABELS, TASK_LABELS, type Method, type Task } from '@/lib/validation/calculation';
import { CalculationControls } from './_components/calculation-controls';
import { FavouriteButton } from './_components/favourite-button';
import { IrSpectrum } from './_components/ir-spectrum';
import { OrbitalDiagram } from './_components/orbital-diagram';
import { RecordResultView } from './_components/record-result-view';
import { ResultViewer } from './_components/result-viewer';

export const metadata: Metadata = { title: 'Result' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const dateFormat = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' });

export default async function ResultPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  if (!UUID.test(id)) notFound();
  const user = await requireUser();
  // Checked before anything streams, so a missing or foreign id answers with HTTP 404 (RLS hides
  // other users' calculations: both look the same). The route has no loading.tsx for that reason.
  if (!(await calculationVisible(user.claims, id))) notFound();
  return (
    <Suspense fallback={<PageLoading label="Loading the result…" />}>
      <ResultDetail id={id} user={user} />
    </Suspense>
  );
}

async function ResultDetail({ id, user }: { id: string; user: CurrentUser }) {
  const [calc, prefs] = await Promise.all([getCalculation(user.claims, id), getPreferences()]);
  if (!calc) notFound(); // deleted in the meantime
  const { energyUnit: unit, precision } = prefs;
  const canSubmit = user.role === 'researcher' || user.role === 'admin';
  const lastMetrics = calc.metrics.at(-1) ?? null;
  const intensities = irIntensities(calc.thermochemistry);

  return (
    <div className="space-y-6">
      <RecordResultView calculationId={calc.id} moleculeId={calc.molecule?.id ?? null} />
      <div>
        <Link href="/results" className="text-sm text-indigo-700 hover:underline dark:text-indigo-300">
          ← Results
        </Link>
        <div className="mt-1 flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold tracking-tight">
            <bdi>{calc.molecule?.name ?? 'Calculation'}</bdi>
            {calc.molecule?.formula && calc.molecule.formula !== calc.molecule.name && (
              <span className="ml-2 text-base font-normal text-slate-500">{calc.molecule.formula}</span>
            )}
          </h1>
          <FavouriteButton calculationId={calc.id} />
        </div>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          {METHOD_LABELS[calc.method as Method] ?? calc.method} · {TASK_LABELS[calc.task as Task] ?? calc.task}
          {calc.solvationModel ? ` · ${calc.solvationModel.toUpperCase()} (${calc.solvent})` : ' · gas phase'}
          {calc.molecule?.smiles && <span className="ml-2 font-mono text-xs">{calc.molecule.smiles}</span>}
        </p>
      </div>

      <CalculationControls id={calc.id} status={calc.status} cancelRequested={calc.cancelRequested} canModify={calc.canModify} canSubmit={canSubmit} />

      {calc.status === 'failed' && calc.errorMessage && (
        <div role="alert" className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200">
          <span className="font-semibold">{calc.errorType ? `${capitalise(calc.errorType)} error: ` : 'Failed: '}</span>
          {calc.errorMessage}
        </div>
      )}

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
        <Section title="Summary">
          <Summary calc={calc} unit={unit} precision={precision} wallTimeS={lastMetrics?.wallTimeS ?? null} />
        </Section>
        <Section title="3D structure">
          <ResultViewer inputXyz={calc.inputXyz} optimizedXyz={calc.optimizedXyz} charges={calc.atoms.length ? calc.atoms.map((a) => a.charge) : null} dipole={calc.dipole} />
        </Section>
      </div>

      {calc.atoms.length > 0 && (
        <Section title={`Atoms (${calc.atoms.length})`}>
          <div className="max-h-[28rem] overflow-auto rounded-md border border-slate-200 dark:border-slate-800">
            <table className="min-w-full text-sm" data-testid="atom-table">
              <caption className="sr-only">Per-atom partial charges, final positions and forces</caption>
              <thead className="sticky top-0 bg-slate-50 text-left text-xs font-semibold uppercase text-slate-600 dark:bg-slate-900 dark:text-slate-400">
                <tr>
                  <th scope="col" className="px-3 py-2">#</th>
                  <th scope="col" className="px-3 py-2">Element</th>
                  <th scope="col" className="px-3 py-2 text-right">Charge (e)</th>
                  <th scope="col" className="px-3 py-2 text-right">x (Å)</th>
                  <th scope="col" className="px-3 py-2 text-right">y (Å)</th>
                  <th scope="col" className="px-3 py-2 text-right">z (Å)</th>
                  <th scope="col" className="px-3 py-2 text-right">|Force| (Eh/bohr)</th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-100 font-mono tabular-nums dark:divide-slate-800">
                {calc.atoms.map((a) => (
                  <tr key={a.index}>
                    <td className="px-3 py-1">{a.index + 1}</td>
                    <td className="px-3 py-1 font-sans">{a.element}</td>
                    <td className="px-3 py-1 text-right">{formatNumber(a.charge, 4)}</td>
                    <td className="px-3 py-1 text-right">{formatNumber(a.x, 4)}</td>
                    <td className="px-3 py-1 text-right">{formatNumber(a.y, 4)}</td>
                    <td className="px-3 py-1 text-right">{formatNumber(a.z, 4)}</td>
                    <td className="px-3 py-1 text-right">{a.force === null ? '—' : a.force.toExponential(2)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Section>
      )}

      {(calc.orbitalEnergies?.length || calc.frequencies?.length) ? (
        <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
          {calc.orbitalEnergies?.length ? (
            <Section title="Orbital energies">
              <OrbitalDiagram energies={calc.orbitalEnergies} occupations={calc.orbitalOccupations} unit={unit} precision={precision} />
            </Section>
          ) : null}
          {calc.frequencies?.length ? (
            <Section title="IR spectrum">
              <IrSpectrum frequencies={calc.frequencies} intensities={intensities} />
            </Section>
          ) : null}
        </div>
      ) : null}

      {calc.thermochemistry && <Thermochemistry data={calc.thermochemistry} unit={unit} precision={precision} />}

      <Section title="Execution metrics">
        {calc.metrics.length === 0 ? (
          <p className="text-sm text-slate-500">No attempt has finished yet.</p>
        ) : (
          <div className="overflow-x-auto">
            <table className="min-w-full text-sm">
              <thead className="text-left text-xs uppercase text-slate-500">
                <tr>
                  {['Attempt', 'Wall (s)', 'CPU (s)', 'SCF cycles', 'Opt. cycles', 'Peak memory (MB)', 'Threads', 'Converged', 'Final gradient', 'Etemp (K)', 'Exit', 'Host'].map((h) => (
                    <th key={h} scope="col" className="px-2 py-1">{h}</th>
                  ))}
                </tr>
              </thead>
              <tbody className="font-mono tabular-nums">
                {calc.metrics.map((m) => (
                  <tr key={m.attempt} className="border-t border-slate-100 dark:border-slate-800">
                    <td className="px-2 py-1">{m.attempt}</td>
                    <td className="px-2 py-1">{formatNumber(m.wallTimeS, 2)}</td>
                    <td className="px-2 py-1">{formatNumber(m.cpuTimeS, 2)}</td>
                    <td className="px-2 py-1">{m.scfCycles ?? '—'}</td>
                    <td className="px-2 py-1">{m.optimizationCycles ?? '—'}</td>
                    <td className="px-2 py-1">{formatNumber(m.peakMemoryMb, 1)}</td>
                    <td className="px-2 py-1">{m.ompThreads ?? '—'}</td>
                    <td className="px-2 py-1 font-sans">{m.converged === null ? '—' : m.converged ? 'yes' : 'no'}</td>
                    <td className="px-2 py-1">{m.finalGradientNorm === null ? '—' : m.finalGradientNorm.toExponential(2)}</td>
                    <td className="px-2 py-1">{formatNumber(m.etemp, 0)}</td>
                    <td className="px-2 py-1">{m.signal ?? m.exitCode ?? '—'}</td>
                    <td className="px-2 py-1 font-sans">{m.host ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Section>

      <Section title={`Error history${calc.errors.length ? ` (${calc.errors.length})` : ''}`}>
        {calc.errors.length === 0 ? (
          <p className="text-sm text-slate-500">No errors recorded.</p>
        ) : (
          <ol className="space-y-2" data-testid="error-history">
            {calc.errors.map((e) => (
              <li key={e.id} className="rounded-md border border-slate-200 p-3 text-sm dark:border-slate-800">
                <div className="flex flex-wrap items-center gap-2">
                  <span className="font-semibold">Attempt {e.attempt}</span>
                  <span className="rounded bg-slate-100 px-1.5 py-0.5 text-xs dark:bg-slate-800">{e.type}</span>
                  <span className="text-xs text-slate-500">{e.severity}</span>
                  {e.code && <code className="text-xs">{e.code}</code>}
                  <span className="ml-auto text-xs text-slate-500">{formatDate(e.createdAt)}</span>
                </div>
                <p className="mt-1">{e.message}</p>
                <p className="mt-1 text-xs text-slate-500">
                  {e.willRetry ? `Will retry${e.nextRetryAt ? ` at ${formatDate(e.nextRetryAt)} UTC` : ''}.` : 'Not retried.'}
                  {e.userActionRequired ? ' Needs your action: change the input or parameters and rerun.' : ''}
                  {e.resolution ? ` Resolution: ${e.resolution}` : ''}
                </p>
                {e.stderrExcerpt && (
                  <details className="mt-1">
                    <summary className="cursor-pointer text-xs text-slate-600">stderr excerpt</summary>
                    <pre className="mt-1 max-h-48 overflow-auto rounded bg-slate-900 p-2 text-xs text-slate-100">{e.stderrExcerpt}</pre>
                  </details>
                )}
              </li>
            ))}
          </ol>
        )}
      </Section>

      <Section title="Raw log">
        {lastMetrics?.stdout || lastMetrics?.stderr ? (
          <div className="space-y-2">
            {lastMetrics.stdout && (
              <details>
                <summary className="cursor-pointer text-sm font-medium">xtb output (stdout, attempt {lastMetrics.attempt})</summary>
                <pre className="mt-2 max-h-[32rem] overflow-auto rounded bg-slate-900 p-3 text-xs text-slate-100" data-testid="raw-log">{lastMetrics.stdout}</pre>
              </details>
            )}
            {lastMetrics.stderr && (
              <details>
                <summary className="cursor-pointer text-sm font-medium">stderr</summary>
                <pre className="mt-2 max-h-64 overflow-auto rounded bg-slate-900 p-3 text-xs text-slate-100">{lastMetrics.stderr}</pre>
              </details>
            )}
          </div>
        ) : (
          <p className="text-sm text-slate-500">No output yet.</p>
        )}
      </Section>
    </div>
  );
}

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <section aria-label={title} className="rounded-lg border border-slate-200 bg-white p-4 dark:border-slate-800 dark:bg-slate-950">
      <h2 className="mb-3 text-lg font-semibold">{title}</h2>
      {children}
    </section>
  );
}

function Summary({ calc, unit, precision, wallTimeS }: { calc: CalculationDetail; unit: EnergyUnit; precision: number; wallTimeS: number | null }) {
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
    ['Waited in queue', duration(calc.queuedAt, calc.startedAt)],
    ['Run time', calc.startedAt ? `${duration(calc.startedAt, calc.finishedAt)}${wallTimeS !== null ? ` (xtb wall ${formatNumber(wallTimeS, 2)} s)` : ''}` : '—'],
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

const THERMO_LABELS: [string[], string, 'energy' | 'plain', string?][] = [
  [['temperatureK', 'temperature_k', 'temperature'], 'Temperature', 'plain', 'K'],
  [['zeroPointEnergyEh', 'zero_point_energy_eh', 'zpe'], 'Zero-point energy', 'energy'],
  [['enthalpyCorrectionEh', 'enthalpy_correction_eh'], 'Thermal enthalpy correction H(T)', 'energy'],
  [['entropyTermEh', 'entropy_term_eh'], 'Entropy term T·S', 'energy'],
  [['freeEnergyCorrectionEh', 'free_energy_correction_eh'], 'Free-energy correction G(RRHO)', 'energy'],
  [['totalEnthalpyEh', 'total_enthalpy_eh'], 'Total enthalpy', 'energy'],
  [['totalFreeEnergyEh', 'total_free_energy_eh'], 'Total free energy', 'energy'],
  [['entropyCalPerMolK', 'entropy_cal_per_mol_k'], 'Entropy', 'plain', 'cal/(mol·K)'],
  [['heatCapacityCalPerMolK', 'heat_capacity_cal_per_mol_k'], 'Heat capacity', 'plain', 'cal/(mol·K)'],
  [['imaginaryFrequencyCount', 'imaginary_frequency_count'], 'Imaginary frequencies', 'plain'],
];

function Thermochemistry({ data, unit, precision }: { data: Record<string, unknown>; unit: EnergyUnit; precision: number }) {
  const rows = THERMO_LABELS.flatMap(([keys, label, kind, suffix]) => {
    const key = keys.find((k) => typeof data[k] === 'number');
    if (!key) return [];
    const v = data[key] as number;
    return [[label, kind === 'energy' ? formatEnergy(v, unit, precision) : `${formatNumber(v, Number.isInteger(v) ? 0 : 3)}${suffix ? ` ${suffix}` : ''}`] as const];
  });
  if (rows.length === 0) return null;
  return (
    <Section title="Thermochemistry (RRHO)">
      <dl className="grid grid-cols-[minmax(0,16rem)_1fr] gap-x-4 gap-y-1 text-sm" data-testid="thermochemistry">
        {rows.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-slate-600 dark:text-slate-400">{label}</dt>
            <dd className="font-mono tabular-nums">{value}</dd>
          </div>
        ))}
      </dl>
    </Section>
  );
}

/** IR intensities when the worker stored them next to the thermochemistry (km/mol, in mode order). */
function irIntensities(thermo: Record<string, unknown> | null): number[] | null {
  for (const key of ['irIntensities', 'ir_intensities', 'irIntensitiesKmMol', 'ir_intensities_km_mol']) {
    const v = thermo?.[key];
    if (Array.isArray(v) && v.every((x) => typeof x === 'number')) return v as number[];
  }
  const vib = thermo?.vibrations;
  if (Array.isArray(vib)) {
    const out = vib.map((m) => (m && typeof m === 'object' ? (m as Record<string, unknown>).irIntensityKmMol : null));
    if (out.every((x) => typeof x === 'number')) return out as number[];
  }
  return null;
}

function formatDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateFormat.format(d);
}

function duration(from: string | null, to: string | null): string {
  if (!from) return '—';
  const start = new Date(from).getTime();
  const end = to ? new Date(to).getTime() : Date.now();
  const s = (end - start) / 1000;
  if (!Number.isFinite(s) || s < 0) return '—';
  const text = s < 60 ? `${s.toFixed(1)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
  return to ? text : `${text} so far`;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
