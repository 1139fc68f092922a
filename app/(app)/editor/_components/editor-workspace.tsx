'use client';

// The molecule editor: SMILES, XYZ, MOL/SDF/XYZ upload and (on demand) a sketch, kept honest: every
// input is checked at the door before any browser work, the view that is not the source of the
// calculation is marked as such, a summary says what will be computed, and submit is held until the
// preview matches what is on screen. The parameter form and submit are the only <form>: the sketcher's
// toolbar buttons sit outside it, so no tool click can submit.
import { useRouter } from 'next/navigation';
import { useId, useRef, useState, useTransition, type ChangeEvent, type ClipboardEvent } from 'react';
import { MoleculeViewer } from '@/components/molecule-viewer';
import { FormMessage } from '@/components/ui/form';
import { detectStructureFile, STRUCTURE_FILE_ACCEPT } from '@/lib/chem/structure-file';
import { EDITOR_MAX_STRUCTURE_BYTES } from '@/lib/chem/input-limits';
import { decodeUploadedBytes } from '@/lib/chem/text-input';
import type { EditorContent } from '@/lib/ui-state/ui-state';
import { calculationParamsSchema, type CalculationParams } from '@/lib/validation/calculation';
import { submitCalculationAction } from '../actions';
import { EditorDrafts } from './editor-drafts';
import { checkNameAtDoor, checkSmilesAtDoor, checkStructureTextAtDoor } from './input-checks';
import { ParameterForm, type MethodAvailability, type ParamValues } from './parameter-form';
import { StructureSketcher } from './structure-sketcher';
import { StructureSummaryPanel } from './structure-summary';
import { useDebounced } from './use-debounced';
import { useEditorContent } from './use-editor-content';
import { useSeed, useTypedBeforeHydration, type EditorSeed } from './use-editor-hydration';
import { sourceKey, useStructurePreview } from './use-structure-preview';

export type { EditorSeed } from './use-editor-hydration';

const SOURCE_LABELS: Record<EditorContent['inputFormat'], string> = {
  smiles: 'the SMILES (embedded in 3D on the server)',
  sketch: 'the drawing (embedded in 3D on the server)',
  xyz: 'the XYZ coordinates as typed',
  molfile: 'the uploaded MOL/SDF file',
};

type Patch = Partial<Omit<EditorContent, 'params'>>;
type Source = 'smiles' | 'xyz' | 'molfile';
const sourceOf = (format: EditorContent['inputFormat']): Source => (format === 'sketch' ? 'smiles' : format);

export function EditorWorkspace({
  defaults,
  availability,
  canSubmit,
  seed,
}: {
  defaults: CalculationParams;
  availability: MethodAvailability;
  canSubmit: boolean;
  seed?: EditorSeed | null;
}) {
  const router = useRouter();
  const { content, update, updateParams, replaceParams, drafts, saveDraft, openDraft, deleteDraft } = useEditorContent();
  useSeed(seed, update, replaceParams);
  const nameInput = useRef<HTMLInputElement>(null);
  const smilesInput = useRef<HTMLInputElement>(null);
  const xyzInput = useRef<HTMLTextAreaElement>(null);
  const hydrated = useTypedBeforeHydration({ name: nameInput, smiles: smilesInput, xyz: xyzInput }, content, update);
  const preview = useStructurePreview(content, update);

  const [errors, setErrors] = useState<Record<string, string[] | undefined>>({});
  // Input refused at the door (too large, binary, …): the field keeps what it had, this says why.
  const [refused, setRefused] = useState<{ field: 'name' | 'smiles' | 'xyz' | 'file'; message: string } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const [sketcherShown, setSketcherShown] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const ids = { name: useId(), smiles: useId(), xyz: useId(), file: useId(), form: useId() };

  // The structure the name was given for: a name belongs to its molecule, not to the next one.
  const nameGivenFor = useRef<string | null>(content.name.trim() ? sourceKey(content) : null);
  /** Counts edits of the structure and name: a submission's refusal is shown only if nothing was edited since it was sent. */
  const edits = useRef(0);

  const values: ParamValues = { ...defaults, solvent: defaults.solvent ?? '', ...content.params } as ParamValues;

  // The sketcher follows typed SMILES after a pause, so half-typed SMILES do not flash errors.
  const sketchSource = content.inputFormat === 'molfile' ? content.molfile : content.smiles;
  const sketchStructure = useDebounced(sketchSource, 500);

  const clearMessages = () => {
    setRefused(null);
    setNotice(null);
    setMessage(null);
    setErrors({});
  };

  /** The server's verdict on the structure no longer applies once it is edited. */
  const clearStructureErrors = () => {
    if (errors.smiles || errors.text || errors.format || errors.name || message) {
      setErrors(({ smiles: _s, text: _t, format: _f, name: _n, ...rest }) => rest);
      setMessage(null);
    }
  };

  /** A new structure from another input (or a file): the previous molecule's name does not carry over. */
  const changeStructure = (patch: Patch, name?: string) => {
    edits.current += 1;
    clearStructureErrors();
    const next = { ...content, ...patch };
    const switched = sourceOf(next.inputFormat) !== sourceOf(content.inputFormat);
    const given = nameGivenFor.current;
    if (name !== undefined) {
      patch.name = name;
      nameGivenFor.current = name ? sourceKey(next) : null;
    } else if (switched && content.name.trim() && given !== null && given.slice(4).trim() !== '' && given !== sourceKey(next)) {
      patch.name = '';
      nameGivenFor.current = null;
      setNotice('The name was cleared: it belonged to the previous structure.');
    }
    update(patch);
  };

  const onName = (value: string) => {
    const check = checkNameAtDoor(value);
    if (!check.accept) return setRefused({ field: 'name', message: check.message });
    if (refused?.field === 'name') setRefused(null);
    nameGivenFor.current = sourceKey(content).slice(4).trim() ? sourceKey(content) : '';
    edits.current += 1;
    clearStructureErrors();
    update({ name: value });
  };

  const onSmiles = (value: string) => {
    const check = checkSmilesAtDoor(value);
    if (!check.accept) return setRefused({ field: 'smiles', message: check.message });
    if (refused?.field === 'smiles') setRefused(null);
    changeStructure({ smiles: value, inputFormat: 'smiles' });
  };

  const onXyz = (value: string) => {
    const check = checkStructureTextAtDoor(value, 'the XYZ text');
    if (!check.accept) return setRefused({ field: 'xyz', message: check.message });
    if (refused?.field === 'xyz') setRefused(null);
    changeStructure({ xyz: value, inputFormat: 'xyz' });
  };

  /**
   * A paste is measured before the browser inserts it: a 7 MB paste would otherwise be laid out in the
   * text field (and freeze the tab) before onChange could refuse it.
   */
  const guardPaste = (field: 'smiles' | 'xyz') => (event: ClipboardEvent<HTMLInputElement | HTMLTextAreaElement>) => {
    const pasted = event.clipboardData.getData('text');
    const check = field === 'smiles' ? checkSmilesAtDoor(pasted) : checkStructureTextAtDoor(pasted, 'the pasted text');
    if (check.accept) return;
    event.preventDefault();
    setRefused({ field, message: check.message });
  };

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (fileInput.current) fileInput.current.value = '';
    if (!file) return;
    clearMessages();
    const refuse = (text: string) => setRefused({ field: 'file', message: text });
    // Size before reading: a 7 MB file is never read into the page.
    if (file.size > EDITOR_MAX_STRUCTURE_BYTES) {
      return refuse(
        `The file is ${(file.size / 1e6).toFixed(1)} MB; the editor takes files up to ${Math.round(EDITOR_MAX_STRUCTURE_BYTES / 1000)} kB. For many molecules use the batch upload.`,
      );
    }
    const decoded = decodeUploadedBytes(new Uint8Array(await file.arrayBuffer()), EDITOR_MAX_STRUCTURE_BYTES);
    if (!decoded.ok) return refuse(`The file was not loaded: ${decoded.message}.`);
    const detected = detectStructureFile(file.name, decoded.text);
    if (!detected.ok) return refuse(`The file was not loaded: ${detected.message}.`);
    if (detected.format === 'sdf' && (decoded.text.match(/^\$\$\$\$/gm)?.length ?? 0) > 1) {
      return refuse('The file was not loaded: it holds several structures; upload it on the batch upload page, /batches/new, or keep one record.');
    }
    if (detected.note) setNotice(`Note: ${detected.note}.`);
    if (detected.format === 'xyz') changeStructure({ xyz: decoded.text, inputFormat: 'xyz' }, detected.displayName);
    else changeStructure({ molfile: decoded.text, inputFormat: 'molfile' }, detected.displayName);
  };

  const submit = () => {
    clearMessages();
    const format = content.inputFormat === 'xyz' ? 'xyz' : content.inputFormat === 'molfile' ? (/^\$\$\$\$/m.test(content.molfile) ? 'sdf' : 'mol') : 'smiles';
    const text = format === 'xyz' ? content.xyz : format === 'smiles' ? content.smiles : content.molfile;
    const params = { ...values, solvent: values.solvationModel === 'none' ? undefined : values.solvent };
    // The server checks again; this answers blank or non-numeric fields without a round trip.
    const checked = calculationParamsSchema.safeParse(params);
    if (!checked.success) {
      const fieldErrors: Record<string, string[]> = {};
      for (const issue of checked.error.issues) (fieldErrors[`params.${issue.path.join('.')}`] ??= []).push(issue.message);
      setErrors(fieldErrors);
      setMessage('Please correct the calculation parameters.');
      return;
    }
    const sentAfter = edits.current;
    startTransition(async () => {
      try {
        const result = await submitCalculationAction({
          format,
          text,
          name: content.name.trim() || undefined,
          fromSketch: content.inputFormat === 'sketch',
          params,
        });
        if (result.ok) {
          router.push(`/results/${result.data.id}`);
          return;
        }
        // On a slow answer the user may have edited the structure meanwhile: the refusal was about the
        // earlier one and would stand next to the new text as if it were about it.
        if (edits.current !== sentAfter) return;
        setMessage(result.message);
        setErrors(result.fieldErrors ?? {});
      } catch {
        setMessage('The calculation could not be sent: the server did not answer. Check your connection and try again.');
      }
    });
  };

  /** A corrected parameter loses its error at once. */
  const onParams = (patch: Parameters<typeof updateParams>[0]) => {
    const stale = Object.keys(patch)
      .map((key) => `params.${key}`)
      .filter((key) => errors[key]);
    if (stale.length) setErrors((current) => Object.fromEntries(Object.entries(current).filter(([key]) => !stale.includes(key))));
    updateParams(patch);
  };

  const openSavedDraft = (id: string) => {
    if (!openDraft(id)) return;
    // Messages about the content being replaced no longer apply; the draft's name is its own.
    clearMessages();
    nameGivenFor.current = null;
  };

  const structureError = errors.text ?? errors.format;
  const source = sourceOf(content.inputFormat);
  const smilesCheck = checkSmilesAtDoor(content.smiles);
  const smilesWarning = source === 'smiles' && smilesCheck.accept ? smilesCheck.warning : null;
  const smilesStale = source === 'xyz' && content.smiles.trim() !== '';
  const sketchStale = source === 'xyz' ? 'The drawing shows an earlier structure: the calculation uses the XYZ coordinates.' : null;
  const nameCheck = checkNameAtDoor(content.name);
  const uhf = typeof values.uhf === 'number' ? values.uhf : null;
  const charge = typeof values.charge === 'number' ? values.charge : null;

  return (
    <div className="grid grid-cols-1 gap-6 lg:grid-cols-2">
      <section aria-labelledby="structure-heading" className="space-y-4">
        <h2 id="structure-heading" className="text-lg font-semibold">
          Structure
        </h2>

        <div>
          <label htmlFor={ids.name} className="mb-1 block text-sm font-medium text-slate-700 dark:text-slate-300">
            Name <span className="font-normal text-slate-500">(optional, up to 200 characters)</span>
          </label>
          <input
            ref={nameInput}
            id={ids.name}
            value={content.name}
            dir="auto"
            onChange={(e) => onName(e.target.value)}
            className={inputClass}
            aria-invalid={errors.name || refused?.field === 'name' || (nameCheck.accept && nameCheck.warning) ? true : undefined}
          />
          <Errors
            messages={errors.name ?? (refused?.field === 'name' ? [refused.message] : nameCheck.accept && nameCheck.warning ? [nameCheck.warning] : undefined)}
          />
        </div>
        {notice && (
          <p role="status" data-testid="editor-notice" className="text-sm text-sky-800 dark:text-sky-300">
            {notice}
          </p>
        )}

        {sketcherShown ? (
          <div className="space-y-1">
            <StructureSketcher
              structure={sketchStructure}
              staleMessage={sketchStale}
              onSmilesChange={(smiles) => changeStructure({ smiles, inputFormat: 'sketch' })}
            />
            <button type="button" onClick={() => setSketcherShown(false)} className={secondaryButtonClass}>
              Hide the sketcher
            </button>
          </div>
        ) : (
          <button type="button" onClick={() => setSketcherShown(true)} className={secondaryButtonClass} data-testid="show-sketcher">
            Draw a structure
          </button>
        )}

        <div>
          <label htmlFor={ids.smiles} className="mb-1 block text-sm font-medium text-slate-700 dark:text-slate-300">
            SMILES
          </label>
          <input
            ref={smilesInput}
            id={ids.smiles}
            value={content.smiles}
            onChange={(e) => onSmiles(e.target.value)}
            onPaste={guardPaste('smiles')}
            spellCheck={false}
            autoComplete="off"
            className={`${inputClass} font-mono ${smilesStale ? 'text-slate-400 line-through' : ''}`}
            placeholder="e.g. CN1C=NC2=C1C(=O)N(C(=O)N2C)C"
            data-stale={smilesStale || undefined}
            aria-invalid={errors.smiles || smilesWarning || refused?.field === 'smiles' || (source === 'smiles' && structureError) ? true : undefined}
            aria-describedby={`${ids.smiles}-hint`}
          />
          <p id={`${ids.smiles}-hint`} className="mt-1 text-xs text-slate-500" data-testid={smilesStale ? 'smiles-stale' : undefined}>
            {smilesStale
              ? 'This SMILES belongs to an earlier structure and is not used: the calculation uses the XYZ coordinates.'
              : source === 'molfile'
                ? 'Read from the uploaded file; typing here replaces the file.'
                : 'Typing here redraws the sketch; drawing fills this field.'}
          </p>
          <Errors
            messages={
              errors.smiles ??
              (refused?.field === 'smiles' ? [refused.message] : smilesWarning ? [smilesWarning] : source === 'smiles' ? structureError : undefined)
            }
          />
        </div>

        <div>
          <label htmlFor={ids.xyz} className="mb-1 block text-sm font-medium text-slate-700 dark:text-slate-300">
            XYZ
          </label>
          <textarea
            ref={xyzInput}
            id={ids.xyz}
            value={content.xyz}
            onChange={(e) => onXyz(e.target.value)}
            onPaste={guardPaste('xyz')}
            rows={8}
            spellCheck={false}
            className={`${inputClass} font-mono text-xs`}
            placeholder={'3\nwater\nO  0.000  0.000  0.119\nH  0.000  0.757 -0.477\nH  0.000 -0.757 -0.477'}
            aria-invalid={refused?.field === 'xyz' || (source === 'xyz' && structureError) ? true : undefined}
            aria-describedby={`${ids.xyz}-hint`}
          />
          <p id={`${ids.xyz}-hint`} className="mt-1 text-xs text-slate-500">
            Atom count, a comment line, then one “element x y z” line per atom (Å). Filled from the SMILES or file for preview; editing it computes these
            coordinates.
          </p>
          <Errors messages={refused?.field === 'xyz' ? [refused.message] : source === 'xyz' ? structureError : undefined} />
        </div>

        <div>
          <label htmlFor={ids.file} className="mb-1 block text-sm font-medium text-slate-700 dark:text-slate-300">
            Upload an XYZ, MOL or SDF file
          </label>
          <input
            ref={fileInput}
            id={ids.file}
            type="file"
            accept={STRUCTURE_FILE_ACCEPT}
            onChange={onFile}
            className="block w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-2 file:text-sm file:font-medium hover:file:bg-slate-200 dark:file:bg-slate-800"
          />
          <p className="mt-1 text-xs text-slate-500">
            One molecule, UTF-8 text, up to {Math.round(EDITOR_MAX_STRUCTURE_BYTES / 1000)} kB. Lists of molecules (CSV, SMILES files, multi-record SDF) go to
            the batch upload.
          </p>
          {content.inputFormat === 'molfile' && (
            <p className="mt-1 text-xs text-slate-500">
              Using the uploaded file (<bdi>{content.molfile.split(/\r?\n/, 1)[0]?.trim() || 'untitled'}</bdi>).
            </p>
          )}
          <Errors messages={refused?.field === 'file' ? [refused.message] : source === 'molfile' ? structureError : undefined} />
        </div>

        <EditorDrafts
          drafts={drafts}
          canSave={Boolean(content.smiles.trim() || content.xyz.trim() || content.molfile.trim())}
          onSave={() => saveDraft(content.name.trim() || undefined)}
          onOpen={openSavedDraft}
          onDelete={deleteDraft}
        />
      </section>

      <section aria-labelledby="preview-heading" className="space-y-4">
        <h2 id="preview-heading" className="text-lg font-semibold">
          3D preview
        </h2>
        <div className="relative">
          <MoleculeViewer
            xyz={preview.viewerXyz}
            label="3D preview of the geometry to compute"
            testId="preview-viewer"
            placeholder={preview.note ?? 'Type a SMILES, draw, paste XYZ or upload a file to see the molecule in 3D.'}
          />
          {!preview.current && (
            <p
              role="status"
              data-testid="preview-updating"
              className="absolute inset-x-0 top-0 rounded-t-md bg-amber-50/90 px-3 py-1 text-center text-xs text-amber-900 dark:bg-amber-950/90 dark:text-amber-200"
            >
              Updating the preview for the changed structure…
            </p>
          )}
        </div>
        <p className="text-xs text-slate-500" data-testid="input-source">
          The calculation will use {SOURCE_LABELS[content.inputFormat]}.
        </p>
        {preview.note && preview.viewerXyz && (
          <p className="text-sm text-amber-800 dark:text-amber-300" data-testid="preview-note">
            {preview.note}
          </p>
        )}
        <StructureSummaryPanel summary={preview.current ? preview.summary : null} charge={charge} uhf={uhf} />

        <form
          id={ids.form}
          data-hydrated={hydrated || undefined}
          className="space-y-4"
          onSubmit={(e) => {
            e.preventDefault();
            if (canSubmit && preview.current) submit();
          }}
          noValidate
        >
          <ParameterForm values={values} onChange={onParams} availability={availability} errors={errors} />

          {message && <FormMessage tone="error">{message}</FormMessage>}

          {canSubmit ? (
            <div className="flex flex-wrap items-center gap-3">
              <button
                type="submit"
                disabled={pending || !preview.current}
                aria-busy={pending}
                className="inline-flex items-center justify-center rounded-md bg-indigo-600 px-5 py-2 text-sm font-semibold text-white shadow hover:bg-indigo-500 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2 disabled:opacity-60"
              >
                {pending ? 'Submitting…' : 'Submit calculation'}
              </button>
              {!pending && !preview.current && (
                // Submit waits until the preview shows the structure that will be sent.
                <span className="text-xs text-slate-500">Waiting for the preview of the changed structure…</span>
              )}
            </div>
          ) : (
            <p className="rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700 dark:bg-slate-800 dark:text-slate-300" data-testid="viewer-notice">
              Your role (viewer) can explore structures and parameters but cannot submit calculations.
            </p>
          )}
        </form>
      </section>
    </div>
  );
}

const inputClass =
  'block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/40 aria-[invalid]:border-red-500 dark:border-slate-600 dark:bg-slate-900';

const secondaryButtonClass =
  'rounded-md border border-slate-300 px-3 py-1.5 text-sm font-medium hover:bg-slate-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 dark:border-slate-700 dark:hover:bg-slate-800';

function Errors({ messages }: { messages?: string[] }) {
  if (!messages?.length) return null;
  return (
    <p role="alert" className="mt-1 text-sm text-red-700 dark:text-red-400">
      {messages[0]}
    </p>
  );
}
