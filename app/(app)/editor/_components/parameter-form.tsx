'use client';

import type { ReactNode } from 'react';
import type { EditorParams } from '@/lib/ui-state/ui-state';
import { METHODS, METHOD_LABELS, OPT_LEVELS, TASKS, TASK_LABELS, type Method } from '@/lib/validation/calculation';
import { solventsFor } from '@/lib/xtb/build-xtb-args';
import { reasonInWords } from '@/lib/xtb/reason-in-words';

export type MethodAvailability = Record<Method, { available: boolean; reason: string | null }>;

/** Every parameter with a value: what the form shows. */
export type ParamValues = Required<{ [K in keyof EditorParams]-?: NonNullable<EditorParams[K]> }>;

const SOLVATION_LABELS = { none: 'None (gas phase)', alpb: 'ALPB', gbsa: 'GBSA' } as const;

export function ParameterForm({
  values,
  onChange,
  availability,
  errors,
}: {
  values: ParamValues;
  onChange: (patch: EditorParams) => void;
  availability: MethodAvailability;
  errors: Record<string, string[] | undefined>;
}) {
  const solvents = values.solvationModel === 'none' ? [] : solventsFor(values.solvationModel, values.method);
  const optimises = values.task === 'opt' || values.task === 'ohess';
  const unavailable = METHODS.filter((m) => !availability[m].available);

  return (
    <fieldset className="grid grid-cols-1 gap-4 sm:grid-cols-2" aria-describedby={unavailable.length ? 'method-availability' : undefined}>
      <legend className="mb-2 text-base font-semibold">Calculation parameters</legend>

      <Field id="param-method" label="Method" error={errors['params.method']}>
        <select
          id="param-method"
          value={values.method}
          onChange={(e) => {
            const method = e.target.value as Method;
            const patch: EditorParams = { method };
            // A solvent valid for the old method may not exist for the new one (GBSA with GFN1).
            if (values.solvationModel !== 'none' && !solventsFor(values.solvationModel, method).includes(values.solvent)) {
              patch.solvent = solventsFor(values.solvationModel, method).includes('water') ? 'water' : (solventsFor(values.solvationModel, method)[0] ?? '');
            }
            if (method === 'gfnff') patch.uhf = 0;
            onChange(patch);
          }}
          className={selectClass}
          aria-invalid={errors['params.method'] ? true : undefined}
        >
          {METHODS.map((m) => (
            <option key={m} value={m} disabled={!availability[m].available}>
              {METHOD_LABELS[m]}
              {availability[m].available ? '' : ' — unavailable'}
            </option>
          ))}
        </select>
      </Field>

      <Field id="param-task" label="Task" error={errors['params.task']}>
        <select id="param-task" value={values.task} onChange={(e) => onChange({ task: e.target.value as ParamValues['task'] })} className={selectClass}>
          {TASKS.map((t) => (
            <option key={t} value={t}>
              {TASK_LABELS[t]}
            </option>
          ))}
        </select>
      </Field>

      {unavailable.length > 0 && (
        <p id="method-availability" className="text-xs text-amber-800 sm:col-span-2 dark:text-amber-300" data-testid="method-availability">
          {unavailable.map((m) => (
            <span key={m} className="block">
              {METHOD_LABELS[m]} is not available on this server: {reasonInWords(availability[m].reason)}.
            </span>
          ))}
        </p>
      )}

      <Field
        id="param-opt-level"
        label="Optimisation level"
        error={errors['params.optLevel']}
        hint={optimises ? undefined : 'Used by optimisation tasks only.'}
      >
        <select
          id="param-opt-level"
          value={values.optLevel}
          disabled={!optimises}
          onChange={(e) => onChange({ optLevel: e.target.value as ParamValues['optLevel'] })}
          className={selectClass}
        >
          {OPT_LEVELS.map((l) => (
            <option key={l} value={l}>
              {l}
            </option>
          ))}
        </select>
      </Field>

      <Field id="param-solvation" label="Implicit solvation" error={errors['params.solvationModel']}>
        <select
          id="param-solvation"
          value={values.solvationModel}
          onChange={(e) => {
            const model = e.target.value as ParamValues['solvationModel'];
            if (model === 'none') return onChange({ solvationModel: model });
            const list = solventsFor(model, values.method);
            onChange({ solvationModel: model, solvent: list.includes(values.solvent) ? values.solvent : list.includes('water') ? 'water' : (list[0] ?? '') });
          }}
          className={selectClass}
        >
          {(['none', 'alpb', 'gbsa'] as const).map((m) => (
            <option key={m} value={m}>
              {SOLVATION_LABELS[m]}
            </option>
          ))}
        </select>
      </Field>

      <Field
        id="param-solvent"
        label="Solvent"
        error={errors['params.solvent']}
        hint={
          values.solvationModel === 'none'
            ? 'Choose ALPB or GBSA first.'
            : `${solvents.length} solvents are parametrised for ${SOLVATION_LABELS[values.solvationModel]} with ${METHOD_LABELS[values.method]}.`
        }
      >
        <select
          id="param-solvent"
          value={values.solvationModel === 'none' ? '' : values.solvent}
          disabled={values.solvationModel === 'none'}
          onChange={(e) => onChange({ solvent: e.target.value })}
          className={selectClass}
        >
          {values.solvationModel === 'none' && <option value="">—</option>}
          {solvents.map((s) => (
            <option key={s} value={s}>
              {s}
            </option>
          ))}
        </select>
      </Field>

      <NumberField id="param-charge" label="Charge" value={values.charge} step="1" error={errors['params.charge']} onChange={(v) => onChange({ charge: v })} />
      <NumberField
        id="param-uhf"
        label="Unpaired electrons"
        value={values.uhf}
        step="1"
        min="0"
        disabled={values.method === 'gfnff'}
        hint={values.method === 'gfnff' ? 'GFN-FF has no electrons to pair.' : undefined}
        error={errors['params.uhf']}
        onChange={(v) => onChange({ uhf: v })}
      />
      <NumberField
        id="param-etemp"
        label="Electronic temperature (K)"
        value={values.etemp}
        step="any"
        min="0"
        error={errors['params.etemp']}
        onChange={(v) => onChange({ etemp: v })}
      />
      <NumberField
        id="param-accuracy"
        label="Accuracy"
        value={values.accuracy}
        step="any"
        min="0"
        hint="Smaller is tighter (xtb --acc)."
        error={errors['params.accuracy']}
        onChange={(v) => onChange({ accuracy: v })}
      />
      <NumberField
        id="param-max-iterations"
        label="Max SCF iterations"
        value={values.maxIterations}
        step="1"
        min="1"
        error={errors['params.maxIterations']}
        onChange={(v) => onChange({ maxIterations: v })}
      />
    </fieldset>
  );
}

const selectClass =
  'block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/40 disabled:bg-slate-100 disabled:text-slate-500 aria-[invalid]:border-red-500 dark:border-slate-600 dark:bg-slate-900 dark:disabled:bg-slate-800';

function Field({ id, label, error, hint, children }: { id: string; label: string; error?: string[]; hint?: string; children: ReactNode }) {
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-sm font-medium text-slate-700 dark:text-slate-300">
        {label}
      </label>
      {children}
      {hint && !error?.length && <p className="mt-1 text-xs text-slate-500">{hint}</p>}
      {error?.length ? (
        <p id={`${id}-error`} role="alert" className="mt-1 text-sm text-red-700 dark:text-red-400">
          {error[0]}
        </p>
      ) : null}
    </div>
  );
}

function NumberField({
  id,
  label,
  value,
  onChange,
  error,
  hint,
  ...input
}: {
  id: string;
  label: string;
  value: number | string;
  onChange: (value: number | string) => void;
  error?: string[];
  hint?: string;
  step?: string;
  min?: string;
  disabled?: boolean;
}) {
  return (
    <Field id={id} label={label} error={error} hint={hint}>
      <input
        id={id}
        type="number"
        inputMode="decimal"
        value={String(value)}
        // Keep what is typed while it is not a number yet ("-", "1e"); the action validates.
        onChange={(e) => onChange(e.target.value === '' || Number.isNaN(e.target.valueAsNumber) ? e.target.value : e.target.valueAsNumber)}
        aria-invalid={error?.length ? true : undefined}
        aria-describedby={error?.length ? `${id}-error` : undefined}
        className={selectClass}
        {...input}
      />
    </Field>
  );
}
