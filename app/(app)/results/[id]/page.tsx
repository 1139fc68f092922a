import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { Suspense } from 'react';
import { PageLoading } from '@/components/ui/page-loading';
import { can } from '@/lib/auth/permissions';
import { requireUser, type CurrentUser } from '@/lib/auth/require-user';
import { getPreferences } from '@/lib/preferences/get-preferences';
import { calculationVisible, getCalculation } from '@/lib/calculations/get-calculation';
import { getSharing } from '@/lib/teams/sharing';
import { ShareControl } from '@/components/share-control';
import { shareItemAction } from '../../teams/actions';
import { AtomTable } from './_components/atom-table';
import { CalculationControls } from './_components/calculation-controls';
import { ErrorHistory } from './_components/error-history';
import { ExecutionMetrics } from './_components/execution-metrics';
import { FrequenciesPanel } from './_components/frequencies-panel';
import { TrajectoryPanel } from './_components/trajectory-panel';
import { FailureNotice } from './_components/failure-notice';
import { ImportProvenance } from './_components/import-provenance';
import { OrbitalsAndSpectrum } from './_components/orbitals-and-spectrum';
import { RawLog } from './_components/raw-log';
import { RecordResultView } from './_components/record-result-view';
import { ResultDownloads } from './_components/result-downloads';
import { ResultFindings } from './_components/result-findings';
import { ResultHeading } from './_components/result-heading';
import { ResultSection } from './_components/result-section';
import { ResultSummary } from './_components/result-summary';
import { ResultViewer } from './_components/result-viewer';
import { ThermochemistryTable } from './_components/thermochemistry-table';

export const metadata: Metadata = { title: 'Result' };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

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
  const [calc, prefs, sharing] = await Promise.all([getCalculation(user.claims, id), getPreferences(), getSharing(user.claims, 'calculation', id)]);
  if (!calc || !sharing) notFound(); // deleted in the meantime
  const display = prefs.quantityDisplay;
  const lastMetrics = calc.metrics.at(-1) ?? null;

  return (
    <div className="space-y-6">
      <RecordResultView calculationId={calc.id} moleculeId={calc.molecule?.id ?? null} />
      <ResultHeading calc={calc} />
      <CalculationControls
        id={calc.id}
        status={calc.status}
        cancelRequested={calc.cancelRequested}
        startedAt={calc.startedAt}
        display={display}
        canModify={calc.canModify}
        allowed={{ cancel: can(user, 'calculation.cancel'), rerun: can(user, 'calculation.rerun'), submit: can(user, 'calculation.submit') }}
      />
      <ShareControl kind="calculation" id={calc.id} {...sharing} action={shareItemAction} />
      <FailureNotice calc={calc} />
      <ResultFindings calc={calc} canSubmit={can(user, 'calculation.submit')} />

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
        <ResultSection title="Summary">
          <ResultSummary calc={calc} display={display} wallTimeS={lastMetrics?.wallTimeS ?? null} />
        </ResultSection>
        <ResultSection title="3D structure">
          <ResultViewer
            inputXyz={calc.inputXyz}
            optimizedXyz={calc.optimizedXyz}
            charges={calc.atoms.length ? calc.atoms.map((a) => a.charge) : null}
            dipole={calc.dipole}
          />
        </ResultSection>
      </div>

      <ResultDownloads calc={calc} />
      <ImportProvenance provenance={calc.provenance} />
      <AtomTable atoms={calc.atoms} />
      <OrbitalsAndSpectrum calc={calc} display={display} />
      {calc.vibrationalModes?.length ? <FrequenciesPanel modes={calc.vibrationalModes} xyz={calc.optimizedXyz ?? calc.inputXyz} /> : null}
      {calc.optimizationTrajectory?.length ? <TrajectoryPanel steps={calc.optimizationTrajectory} trajectoryXyz={calc.trajectoryXyz} /> : null}
      <ThermochemistryTable data={calc.thermochemistry} display={display} />
      <ExecutionMetrics metrics={calc.metrics} />
      <ErrorHistory errors={calc.errors} />
      <RawLog lastMetrics={lastMetrics} />
    </div>
  );
}
