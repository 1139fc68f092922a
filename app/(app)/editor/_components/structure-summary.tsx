'use client';

// What will be computed, before submit: formula, molar mass, charge, multiplicity and stereochemistry
// the structure leaves open (xtb then computes whichever configuration the 3D embedding happens to
// produce, so two submissions of the same SMILES may give different energies).
import type { StructureSummary } from './preview-geometry';

export function StructureSummaryPanel({
  summary,
  charge,
  uhf,
}: {
  summary: (StructureSummary & { from: 'structure' | 'coordinates' }) | null;
  /** The charge and unpaired electrons typed in the parameter form (null while not a number). */
  charge: number | null;
  uhf: number | null;
}) {
  if (!summary) return null;
  // SMILES and molfiles carry their own charge; XYZ coordinates take the form's.
  const netCharge = summary.from === 'structure' ? summary.charge : charge;
  const unpaired = uhf ?? (summary.from === 'structure' ? summary.radicalElectrons : null);
  const undefinedStereo = summary.undefinedStereocentres + summary.undefinedDoubleBonds;
  return (
    <dl
      data-testid="structure-summary"
      className="grid grid-cols-2 gap-x-4 gap-y-1 rounded-md border border-slate-200 p-3 text-sm sm:grid-cols-3 dark:border-slate-800"
    >
      <Item label="Formula" testId="summary-formula">
        {summary.formula}
      </Item>
      <Item label="Molar mass" testId="summary-mass">
        {summary.molecularWeight.toFixed(2)} g/mol
      </Item>
      <Item label="Charge" testId="summary-charge">
        {netCharge === null ? '—' : netCharge > 0 ? `+${netCharge}` : String(netCharge)}
      </Item>
      <Item label="Multiplicity" testId="summary-multiplicity">
        {unpaired === null ? '—' : `${unpaired + 1} (${MULTIPLICITY_NAMES[unpaired] ?? `${unpaired} unpaired electrons`})`}
      </Item>
      {summary.from === 'structure' && (
        <Item label="Stereochemistry" testId="summary-stereo" wide>
          {undefinedStereo === 0 ? (
            'fully defined'
          ) : (
            <span className="text-amber-800 dark:text-amber-300">
              {describeUndefined(summary.undefinedStereocentres, summary.undefinedDoubleBonds)}: the 3D embedding picks one configuration at random. Specify it
              (e.g. [C@H], /C=C/) for reproducible energies.
            </span>
          )}
        </Item>
      )}
    </dl>
  );
}

const MULTIPLICITY_NAMES: Record<number, string> = { 0: 'singlet', 1: 'doublet', 2: 'triplet', 3: 'quartet', 4: 'quintet' };

function describeUndefined(centres: number, bonds: number): string {
  const parts = [];
  if (centres) parts.push(`${centres} undefined stereocentre${centres === 1 ? '' : 's'}`);
  if (bonds) parts.push(`${bonds} double bond${bonds === 1 ? '' : 's'} without E/Z`);
  return parts.join(' and ');
}

function Item({ label, children, testId, wide }: { label: string; children: React.ReactNode; testId: string; wide?: boolean }) {
  return (
    <div className={wide ? 'col-span-2 sm:col-span-3' : undefined}>
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd data-testid={testId} className="font-medium">
        {children}
      </dd>
    </div>
  );
}
