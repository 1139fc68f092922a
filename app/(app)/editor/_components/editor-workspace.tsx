'use client';

// The molecule editor: sketch, SMILES, XYZ and MOL/SDF upload kept in step, an instant 3D preview
// of the geometry that will be computed, the parameter form and submit.
import { useRouter } from 'next/navigation';
import { useEffect, useId, useRef, useState, useTransition, type ChangeEvent } from 'react';
import { MoleculeViewer } from '@/components/molecule-viewer';
import { FormMessage } from '@/components/ui/form';
import type { EditorContent, EditorParams } from '@/lib/session/ui-state';
import type { CalculationParams } from '@/lib/validation/calculation';
import { submitCalculationAction } from '../actions';
import { EditorDrafts } from './editor-drafts';
import { ParameterForm, type MethodAvailability, type ParamValues } from './parameter-form';
import { molfileToPreviewXyz, smilesToPreviewXyz } from './preview-geometry';
import { StructureSketcher } from './structure-sketcher';
import { useEditorContent } from './use-editor-content';

const SOURCE_LABELS: Record<EditorContent['inputFormat'], string> = {
  smiles: 'the SMILES (embedded in 3D on the server)',
  sketch: 'the drawing (embedded in 3D on the server)',
  xyz: 'the XYZ coordinates as typed',
  molfile: 'the uploaded MOL/SDF file',
};

export interface EditorSeed {
  /** The calculation the content came from ("edit and rerun"). */
  fromCalculationId: string;
  content: Partial<Omit<EditorContent, 'params'>>;
  params: EditorParams;
}

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
  const store = useRef(content);
  store.current = content;
  const seeded = useRef<string | null>(null);
  useEffect(() => {
    if (!seed || seeded.current === seed.fromCalculationId) return;
    seeded.current = seed.fromCalculationId;
    update(seed.content);
    replaceParams(seed.params);
    // Drop ?from= so that a reload keeps the user's later edits instead of loading the calculation again.
    router.replace('/editor', { scroll: false });
  }, [seed, update, replaceParams, router]);
  const [errors, setErrors] = useState<Record<string, string[] | undefined>>({});
  const [message, setMessage] = useState<string | null>(null);
  const [previewNote, setPreviewNote] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const fileInput = useRef<HTMLInputElement>(null);
  const nameInput = useRef<HTMLInputElement>(null);
  const smilesInput = useRef<HTMLInputElement>(null);
  const xyzInput = useRef<HTMLTextAreaElement>(null);
  const [hydrated, setHydrated] = useState(false);
  // Text typed before React took over the page (a slow first load) is in the fields but not in the
  // store: take it over once, so nothing typed is lost. Then mark the form interactive.
  useEffect(() => {
    const typed = { name: nameInput.current?.value, smiles: smilesInput.current?.value, xyz: xyzInput.current?.value };
    const current = store.current;
    const patch: Partial<Omit<EditorContent, 'params'>> = {};
    if (typed.name !== undefined && typed.name !== current.name) patch.name = typed.name;
    if (typed.smiles !== undefined && typed.smiles !== current.smiles) Object.assign(patch, { smiles: typed.smiles, inputFormat: 'smiles' });
    if (typed.xyz !== undefined && typed.xyz !== current.xyz) Object.assign(patch, { xyz: typed.xyz, inputFormat: 'xyz' });
    if (Object.keys(patch).length) update(patch);
    setHydrated(true);
    // Once, on mount.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  const ids = { name: useId(), smiles: useId(), xyz: useId(), file: useId() };

  const values: ParamValues = {
    ...defaults,
    solvent: defaults.solvent ?? '',
    ...content.params,
  } as ParamValues;

  // The sketcher follows typed SMILES after a pause, so half-typed SMILES do not flash errors.
  const sketchSource = content.inputFormat === 'molfile' ? content.molfile : content.smiles;
  const sketchStructure = useDebounced(sketchSource, 500);

  // SMILES, sketch or file → a browser-side 3D geometry, written to the XYZ field (kept in step).
  const embedSource = content.inputFormat === 'molfile' ? `mol:${content.molfile}` : content.inputFormat === 'xyz' ? null : `smi:${content.smiles}`;
  const debouncedEmbedSource = useDebounced(embedSource, 300);
  // The source as it is now: an embedding started for an older source (the user has since typed
  // XYZ, say) must not overwrite the XYZ field when it finishes.
  const currentEmbedSource = useRef(embedSource);
  currentEmbedSource.current = embedSource;
  useEffect(() => {
    if (debouncedEmbedSource === null) {
      setPreviewNote(null);
      return;
    }
    let stale = false;
    const title = content.name.trim() || 'preview';
    const job = debouncedEmbedSource.startsWith('mol:')
      ? molfileToPreviewXyz(debouncedEmbedSource.slice(4), title)
      : smilesToPreviewXyz(debouncedEmbedSource.slice(4), title);
    job
      .then((result) => {
        if (stale || currentEmbedSource.current !== debouncedEmbedSource) return;
        if (result.ok) {
          setPreviewNote(null);
          update({ xyz: result.xyz });
        } else {
          setPreviewNote(result.message);
          if (!debouncedEmbedSource.slice(4).trim()) update({ xyz: '' });
        }
      })
      .catch((error: unknown) => !stale && setPreviewNote(`The 3D preview failed: ${error instanceof Error ? error.message : String(error)}`));
    return () => {
      stale = true;
    };
    // content.name only titles the preview; it must not re-embed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [debouncedEmbedSource, update]);

  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    setErrors((e) => ({ ...e, text: undefined }));
    if (file.size > 1_000_000) {
      setErrors((e) => ({ ...e, text: [`${file.name} is ${(file.size / 1e6).toFixed(1)} MB; the limit is 1 MB.`] }));
      return;
    }
    const text = await file.text();
    const baseName = file.name.replace(/\.(mol|sdf|sd|mdl)$/i, '');
    update({ molfile: text, inputFormat: 'molfile', ...(content.name.trim() ? {} : { name: baseName.slice(0, 200) }) });
    if (fileInput.current) fileInput.current.value = '';
  };

  const submit = () => {
    setMessage(null);
    setErrors({});
    const format = content.inputFormat === 'xyz' ? 'xyz' : content.inputFormat === 'molfile' ? (/^\$\$\$\$/m.test(content.molfile) ? 'sdf' : 'mol') : 'smiles';
    const text = format === 'xyz' ? content.xyz : format === 'smiles' ? content.smiles : content.molfile;
    const params = { ...values, solvent: values.solvationModel === 'none' ? undefined : values.solvent };
    startTransition(async () => {
      const result = await submitCalculationAction({ format, text, name: content.name.trim() || undefined, fromSketch: content.inputFormat === 'sketch', params });
      if (result.ok) {
        router.push(`/results/${result.data.id}`);
        return;
      }
      setMessage(result.message);
      setErrors(result.fieldErrors ?? {});
    });
  };

  const openSavedDraft = (id: string) => {
    if (!openDraft(id)) return;
    // Messages about the content being replaced no longer apply.
    setMessage(null);
    setErrors({});
  };

  const structureError = errors.text ?? errors.format;
  const sourceIsSmiles = content.inputFormat === 'smiles' || content.inputFormat === 'sketch';

  return (
    <form
      data-hydrated={hydrated || undefined}
      className="grid grid-cols-1 gap-6 lg:grid-cols-2"
      onSubmit={(e) => {
        e.preventDefault();
        if (canSubmit) submit();
      }}
      noValidate
    >
      <section aria-labelledby="structure-heading" className="space-y-4">
        <h2 id="structure-heading" className="text-lg font-semibold">
          Structure
        </h2>

        <div>
          <label htmlFor={ids.name} className="mb-1 block text-sm font-medium text-slate-700 dark:text-slate-300">
            Name <span className="font-normal text-slate-500">(optional)</span>
          </label>
          <input
            ref={nameInput}
            id={ids.name}
            value={content.name}
            maxLength={200}
            onChange={(e) => update({ name: e.target.value })}
            className={inputClass}
            aria-invalid={errors.name ? true : undefined}
          />
          <Errors messages={errors.name} />
        </div>

        <StructureSketcher structure={sketchStructure} onSmilesChange={(smiles) => update({ smiles, inputFormat: 'sketch' })} />

        <div>
          <label htmlFor={ids.smiles} className="mb-1 block text-sm font-medium text-slate-700 dark:text-slate-300">
            SMILES
          </label>
          <input
            ref={smilesInput}
            id={ids.smiles}
            value={content.smiles}
            onChange={(e) => update({ smiles: e.target.value, inputFormat: 'smiles' })}
            spellCheck={false}
            autoComplete="off"
            className={`${inputClass} font-mono`}
            placeholder="e.g. CN1C=NC2=C1C(=O)N(C(=O)N2C)C"
            aria-invalid={errors.smiles || (sourceIsSmiles && structureError) ? true : undefined}
            aria-describedby={`${ids.smiles}-hint`}
          />
          <p id={`${ids.smiles}-hint`} className="mt-1 text-xs text-slate-500">
            Typing here redraws the sketch; drawing fills this field.
          </p>
          <Errors messages={errors.smiles ?? (sourceIsSmiles ? structureError : undefined)} />
        </div>

        <div>
          <label htmlFor={ids.xyz} className="mb-1 block text-sm font-medium text-slate-700 dark:text-slate-300">
            XYZ
          </label>
          <textarea
            ref={xyzInput}
            id={ids.xyz}
            value={content.xyz}
            onChange={(e) => update({ xyz: e.target.value, inputFormat: 'xyz' })}
            rows={8}
            spellCheck={false}
            className={`${inputClass} font-mono text-xs`}
            placeholder={'3\nwater\nO  0.000  0.000  0.119\nH  0.000  0.757 -0.477\nH  0.000 -0.757 -0.477'}
            aria-invalid={content.inputFormat === 'xyz' && structureError ? true : undefined}
            aria-describedby={`${ids.xyz}-hint`}
          />
          <p id={`${ids.xyz}-hint`} className="mt-1 text-xs text-slate-500">
            Atom count, a comment line, then one “element x y z” line per atom (Å). Filled from the SMILES or file for preview; editing it computes these coordinates.
          </p>
          <Errors messages={content.inputFormat === 'xyz' ? structureError : undefined} />
        </div>

        <div>
          <label htmlFor={ids.file} className="mb-1 block text-sm font-medium text-slate-700 dark:text-slate-300">
            Upload MOL/SDF file
          </label>
          <input
            ref={fileInput}
            id={ids.file}
            type="file"
            accept=".mol,.sdf,.sd,.mdl,chemical/x-mdl-molfile,chemical/x-mdl-sdfile"
            onChange={onFile}
            className="block w-full text-sm file:mr-3 file:rounded-md file:border-0 file:bg-slate-100 file:px-3 file:py-2 file:text-sm file:font-medium hover:file:bg-slate-200 dark:file:bg-slate-800"
          />
          {content.inputFormat === 'molfile' && <p className="mt-1 text-xs text-slate-500">Using the uploaded file ({content.molfile.split(/\r?\n/, 1)[0]?.trim() || 'untitled'}).</p>}
          <Errors messages={content.inputFormat === 'molfile' ? structureError : undefined} />
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
        <MoleculeViewer xyz={content.xyz} label="3D preview of the geometry to compute" testId="preview-viewer" placeholder="Type a SMILES, draw, paste XYZ or upload a file to see the molecule in 3D." />
        <p className="text-xs text-slate-500" data-testid="input-source">
          The calculation will use {SOURCE_LABELS[content.inputFormat]}.
        </p>
        {previewNote && <p className="text-sm text-amber-800 dark:text-amber-300">{previewNote}</p>}

        <ParameterForm values={values} onChange={updateParams} availability={availability} errors={errors} />

        {message && <FormMessage tone="error">{message}</FormMessage>}

        {canSubmit ? (
          <button
            type="submit"
            disabled={pending}
            aria-busy={pending}
            className="inline-flex items-center justify-center rounded-md bg-indigo-600 px-5 py-2 text-sm font-semibold text-white shadow hover:bg-indigo-500 focus:outline-none focus-visible:ring-2 focus-visible:ring-indigo-500 focus-visible:ring-offset-2 disabled:opacity-60"
          >
            {pending ? 'Submitting…' : 'Submit calculation'}
          </button>
        ) : (
          <p className="rounded-md bg-slate-100 px-3 py-2 text-sm text-slate-700 dark:bg-slate-800 dark:text-slate-300" data-testid="viewer-notice">
            Your role (viewer) can explore structures and parameters but cannot submit calculations.
          </p>
        )}
      </section>
    </form>
  );
}

const inputClass =
  'block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm shadow-sm focus:border-indigo-500 focus:outline-none focus:ring-2 focus:ring-indigo-500/40 aria-[invalid]:border-red-500 dark:border-slate-600 dark:bg-slate-900';

function Errors({ messages }: { messages?: string[] }) {
  if (!messages?.length) return null;
  return (
    <p role="alert" className="mt-1 text-sm text-red-700 dark:text-red-400">
      {messages[0]}
    </p>
  );
}

function useDebounced<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const timer = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(timer);
  }, [value, ms]);
  return debounced;
}
