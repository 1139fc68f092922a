'use client';

// Upload → preview → parameters → create. The file is analysed on the server as soon as it is chosen
// (or dropped); nothing is created until "Create batch". Charge and unpaired-electron defaults apply
// to XYZ frames (SMILES and SD records carry their own), so changing them re-checks an XYZ file.
import { useRef, useState, useTransition, type DragEvent } from 'react';
import { ParameterForm, type MethodAvailability, type ParamValues } from '../../../editor/_components/parameter-form';
import type { CalculationParams } from '@/lib/calculations/parameters';
import { createBatchAction, type UploadPreview } from '../actions';
import { DataTable, rowClassName } from '@/components/ui/data-table';

const MAX_BYTES = 50 * 1024 * 1024;

type PreviewResult = { ok: true; data: UploadPreview } | { ok: false; message: string; fieldErrors?: Record<string, string[]> };

/** The file goes as the request body to the upload route (streamed, 50 MB limit); refusals are problem documents. */
async function uploadForPreview(file: File, charge: unknown, uhf: unknown): Promise<PreviewResult> {
  const query = new URLSearchParams({ name: file.name, charge: String(charge), uhf: String(uhf) });
  try {
    const response = await fetch(`/api/batches/upload?${query}`, { method: 'POST', body: file, headers: { 'Content-Type': 'application/octet-stream' } });
    const body = (await response.json().catch(() => null)) as (UploadPreview & { detail?: string; errors?: Record<string, string[]> }) | null;
    if (response.ok && body) return { ok: true, data: body };
    return { ok: false, message: body?.detail ?? 'The file could not be checked. Please try again.', fieldErrors: body?.errors };
  } catch {
    return { ok: false, message: 'The upload did not reach the server. Check the connection and try again.' };
  }
}
const ACCEPT = '.csv,.tsv,.txt,.smi,.smiles,.sdf,.sd,.mol,.xyz';

export function BatchUpload({ defaults, availability }: { defaults: CalculationParams; availability: MethodAvailability }) {
  const [values, setValues] = useState<ParamValues>({ ...defaults, solvent: defaults.solvent ?? '' } as ParamValues);
  const [file, setFile] = useState<File | null>(null);
  const [preview, setPreview] = useState<UploadPreview | null>(null);
  const [checkedWith, setCheckedWith] = useState<{ charge: unknown; uhf: unknown } | null>(null);
  const [name, setName] = useState('');
  const [message, setMessage] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string[] | undefined>>({});
  const [dragging, setDragging] = useState(false);
  const [checking, startChecking] = useTransition();
  const [creating, startCreating] = useTransition();
  const input = useRef<HTMLInputElement>(null);

  function check(chosen: File) {
    setFile(chosen);
    setPreview(null);
    setMessage(null);
    setFieldErrors({});
    if (chosen.size > MAX_BYTES) {
      setMessage(`The file is ${(chosen.size / (1024 * 1024)).toFixed(1)} MB; the limit is 50 MB per batch. Split it into several batches.`);
      return;
    }
    if (!name) setName(chosen.name.replace(/\.[^.]+$/, '').slice(0, 200));
    startChecking(async () => {
      const result = await uploadForPreview(chosen, values.charge, values.uhf);
      if (!result.ok) {
        setMessage(result.message);
        setFieldErrors(result.fieldErrors ?? {});
        return;
      }
      setPreview(result.data);
      setCheckedWith({ charge: values.charge, uhf: values.uhf });
    });
  }

  function onDrop(event: DragEvent) {
    event.preventDefault();
    setDragging(false);
    const dropped = event.dataTransfer.files[0];
    if (dropped) check(dropped);
  }

  const stale =
    preview !== null && preview.format === 'xyz' && checkedWith !== null && (checkedWith.charge !== values.charge || checkedWith.uhf !== values.uhf);

  function create() {
    if (!preview) return;
    setMessage(null);
    setFieldErrors({});
    startCreating(async () => {
      const result = await createBatchAction({ uploadId: preview.uploadId, name, params: values });
      if (result && !result.ok) {
        setMessage(result.message);
        setFieldErrors(result.fieldErrors ?? {});
      }
    });
  }

  return (
    <div className="space-y-6">
      <div
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        data-testid="drop-zone"
        className={`rounded-lg border-2 border-dashed p-6 text-center ${dragging ? 'border-indigo-500 bg-indigo-50 dark:bg-indigo-950' : 'border-slate-300 dark:border-slate-700'}`}
      >
        <p className="text-sm text-slate-700 dark:text-slate-300">Drop a file here, or</p>
        <label
          htmlFor="batch-file"
          className="mt-2 inline-block cursor-pointer rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700 focus-within:ring-2 focus-within:ring-indigo-500"
        >
          Choose a file to upload
        </label>
        <input
          id="batch-file"
          ref={input}
          type="file"
          accept={ACCEPT}
          className="sr-only"
          onChange={(e) => {
            const chosen = e.target.files?.[0];
            if (chosen) check(chosen);
            e.target.value = '';
          }}
        />
        <p className="mt-3 text-xs text-slate-500">
          CSV or TSV with a <code>smiles</code> (or <code>SMILES</code>, <code>canonical_smiles</code>) column and optional name/id, charge and uhf columns;
          .smi (SMILES and name per line); SDF with many records; XYZ with many frames. Up to 100,000 molecules and 50 MB.
        </p>
        {file && (
          <p className="mt-2 text-sm" data-testid="chosen-file">
            {file.name}
          </p>
        )}
      </div>

      {checking && (
        <p role="status" className="text-sm text-slate-600 dark:text-slate-400">
          Checking every molecule of {file?.name}…
        </p>
      )}
      {message && (
        <p
          role="alert"
          data-testid="batch-error"
          className="rounded-md border border-red-300 bg-red-50 px-3 py-2 text-sm text-red-800 dark:border-red-800 dark:bg-red-950 dark:text-red-200"
        >
          {message}
        </p>
      )}

      {preview && <PreviewReport preview={preview} />}

      {preview && (
        <section className="space-y-4 rounded-lg border border-slate-200 p-4 dark:border-slate-800">
          <div>
            <label htmlFor="batch-name" className="mb-1 block text-sm font-medium text-slate-700 dark:text-slate-300">
              Batch name
            </label>
            <input
              id="batch-name"
              value={name}
              maxLength={200}
              onChange={(e) => setName(e.target.value)}
              aria-invalid={fieldErrors.name ? true : undefined}
              className="block w-full max-w-md rounded-md border border-slate-300 bg-white px-3 py-2 text-sm dark:border-slate-600 dark:bg-slate-900"
            />
            {fieldErrors.name && <p className="mt-1 text-sm text-red-700 dark:text-red-400">{fieldErrors.name[0]}</p>}
          </div>
          <ParameterForm
            values={values}
            availability={availability}
            errors={fieldErrors}
            onChange={(patch) => setValues((v) => ({ ...v, ...patch }) as ParamValues)}
          />
          <p className="text-xs text-slate-500">
            Charge and unpaired electrons apply to XYZ frames; SMILES and SD records carry their own (a CSV may give them per row).
          </p>
          {stale ? (
            <button
              type="button"
              onClick={() => file && check(file)}
              className="rounded-md bg-amber-600 px-4 py-2 text-sm font-medium text-white hover:bg-amber-700"
            >
              Check the file again with the new charge and spin
            </button>
          ) : (
            <button
              type="button"
              onClick={create}
              disabled={creating || checking}
              className="rounded-md bg-indigo-600 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-700 disabled:opacity-50"
            >
              {creating ? 'Creating…' : `Create batch of ${preview.valid.toLocaleString('en-US')} calculation${preview.valid === 1 ? '' : 's'}`}
            </button>
          )}
        </section>
      )}
    </div>
  );
}

function PreviewReport({ preview }: { preview: UploadPreview }) {
  const label = preview.rowLabel;
  const Label = label[0]!.toUpperCase() + label.slice(1);
  return (
    <section className="space-y-4" aria-labelledby="preview-heading" data-testid="batch-preview">
      <h2 id="preview-heading" className="text-lg font-semibold">
        Preview of {preview.fileName}
      </h2>
      <dl className="grid max-w-2xl grid-cols-2 gap-3 sm:grid-cols-4">
        <Count label={`${Label}s read`} value={preview.totalRows} testId="count-rows" />
        <Count label="Valid molecules" value={preview.valid} testId="count-valid" />
        <Count label="Invalid" value={preview.invalid.length} testId="count-invalid" tone={preview.invalid.length ? 'bad' : undefined} />
        <Count label="Duplicates merged" value={preview.duplicates.length} testId="count-duplicates" />
      </dl>

      {preview.invalid.length > 0 && (
        <div>
          <h3 className="mb-1 font-medium">Invalid {label}s (not part of the calculations; kept in the batch as invalid items)</h3>
          <DataTable
            testId="invalid-rows"
            wrapperClassName="max-h-80 overflow-auto rounded border border-slate-200 dark:border-slate-800"
            headClassName="sticky top-0 bg-slate-50 dark:bg-slate-900"
            columns={[{ label: Label }, { label: 'Reason' }, { label: 'Input' }]}
          >
            {preview.invalid.map((problem) => (
              <tr key={`${problem.row}-${problem.reason}`} className={rowClassName()}>
                <td className="px-2 py-1 tabular-nums">{problem.row}</td>
                <td className="px-2 py-1">{problem.reason}</td>
                <td className="max-w-xs truncate px-2 py-1 font-mono text-xs" title={problem.input}>
                  {problem.input}
                </td>
              </tr>
            ))}
          </DataTable>
        </div>
      )}

      {preview.duplicates.length > 0 && (
        <div>
          <h3 className="mb-1 font-medium">Duplicates within the file (computed once)</h3>
          <ul className="max-h-48 overflow-auto text-sm" data-testid="duplicate-rows">
            {preview.duplicates.map((d) => (
              <li key={d.row}>
                {Label} {d.row} ({d.name}) is the same molecule as {label} {d.firstRow}
                {d.inchiKey ? <span className="font-mono text-xs text-slate-500"> — {d.inchiKey}</span> : null}
              </li>
            ))}
          </ul>
        </div>
      )}

      <div>
        <h3 className="mb-1 font-medium">First molecules</h3>
        <DataTable columns={[{ label: Label }, { label: 'Name' }, { label: 'Formula' }, { label: 'Canonical SMILES' }]}>
          {preview.sample.map((m) => (
            <tr key={m.row} className={rowClassName()}>
              <td className="px-2 py-1 tabular-nums">{m.row}</td>
              <td className="px-2 py-1">{m.name}</td>
              <td className="px-2 py-1">{m.formula}</td>
              <td className="px-2 py-1 font-mono text-xs">{m.smiles ?? '—'}</td>
            </tr>
          ))}
        </DataTable>
      </div>
    </section>
  );
}

function Count({ label, value, testId, tone }: { label: string; value: number; testId: string; tone?: 'bad' }) {
  return (
    <div className="rounded-md border border-slate-200 p-3 dark:border-slate-800">
      <dt className="text-xs text-slate-500">{label}</dt>
      <dd data-testid={testId} className={`text-xl font-semibold tabular-nums ${tone === 'bad' ? 'text-red-700 dark:text-red-400' : ''}`}>
        {value.toLocaleString('en-US')}
      </dd>
    </div>
  );
}
