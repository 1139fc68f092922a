// The UI state that follows a user across reloads, browsers and devices (table `user_sessions`):
// one zod schema shared by the store, the auto-save action, the beacon route and the data layer.
// Shared by client and server: no secrets, no database here.
import { z } from 'zod';
import { MAX_NAME_LENGTH } from '../chem/characters.ts';
import { EDITOR_MAX_STRUCTURE_BYTES } from '../chem/input-limits.ts';
import { METHODS, OPT_LEVELS, SOLVATION_MODELS, TASKS } from '../calculations/parameters.ts';

/** Serialized (JSON, UTF-8) size above which a save is refused. XYZ/molfile text dominate it. */
export const MAX_UI_STATE_BYTES = 256 * 1024;
/** One structure text field (XYZ, molfile) in the editor or a draft: the editor's own structure limit. */
export const MAX_STRUCTURE_TEXT_CHARS = EDITOR_MAX_STRUCTURE_BYTES;
export const MAX_SMILES_CHARS = 4_000;
export const MAX_RECENT_MOLECULES = 20;
export const MAX_FAVOURITE_CALCULATIONS = 1_000;
export const MAX_PINNED_BATCHES = 100;
export const MAX_SEARCH_HISTORY = 50;
export const MAX_DISMISSED_NOTICES = 500;
export const MAX_DRAFTS = 20;

export const VIEWS = ['editor', 'results', 'result', 'batches', 'batch', 'dashboard', 'admin', 'settings'] as const;
export type View = (typeof VIEWS)[number];
export const INPUT_FORMATS = ['smiles', 'xyz', 'molfile', 'sketch'] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];

// Any PostgreSQL uuid (z.uuid() would refuse ids outside RFC 9562 variants, e.g. the seed's).
const uuid = z.guid();
const shortKey = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_.:\-]+$/, 'Keys are letters, digits and _.:-');
// PostgreSQL's jsonb cannot hold NUL (\u0000) or half of a surrogate pair ("unsupported Unicode escape
// sequence"): one such value would make every later save of the whole state fail, so the schema refuses
// it where it enters and the editor refuses binary input before it gets here.

const NOT_STORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
const text = () => z.string().refine((s) => !NOT_STORABLE.test(s), 'Contains a NUL character or broken Unicode, which cannot be saved.');
const shortText = (max: number) => text().max(max);
/** A number field as the user is typing it: a number, or the raw text while it is not one yet. */
const numberInput = z.union([z.number().finite(), shortText(32)]);

/**
 * Calculation parameters as they stand in the editor, possibly incomplete or not yet valid (the
 * submit action parses them with `calculationParamsSchema`).
 */
export const editorParamsSchema = z
  .object({
    method: z.enum(METHODS),
    task: z.enum(TASKS),
    optLevel: z.enum(OPT_LEVELS),
    solvationModel: z.enum(SOLVATION_MODELS),
    solvent: shortText(40),
    charge: numberInput,
    uhf: numberInput,
    etemp: numberInput,
    accuracy: numberInput,
    maxIterations: numberInput,
  })
  .partial()
  .strict();
export type EditorParams = z.infer<typeof editorParamsSchema>;

const structureText = text().max(MAX_STRUCTURE_TEXT_CHARS, `At most ${MAX_STRUCTURE_TEXT_CHARS / 1024} KiB of structure text.`);

export const editorContentSchema = z
  .object({
    smiles: text().max(MAX_SMILES_CHARS),
    xyz: structureText,
    /** The Ketcher sketch as a molfile. */
    molfile: structureText,
    // 200 characters (lib/chem's name limit) may take two UTF-16 units each.
    name: shortText(2 * MAX_NAME_LENGTH),
    inputFormat: z.enum(INPUT_FORMATS),
    params: editorParamsSchema,
  })
  .strict();
export type EditorContent = z.infer<typeof editorContentSchema>;

/** An unfinished submission the user set aside. */
export const draftSchema = editorContentSchema.extend({ id: z.string().min(1).max(64), updatedAt: z.iso.datetime({ offset: true }) }).strict();
export type Draft = z.infer<typeof draftSchema>;

const sortSchema = z.object({ column: shortKey, direction: z.enum(['asc', 'desc']) }).strict();
/** A list's filters: field → value (text, number, boolean, or a few strings for multi-selects). */
const filterValues = z
  .record(shortKey, z.union([shortText(200), z.number().finite(), z.boolean(), z.null(), z.array(shortText(64)).max(20)]))
  .refine((r) => Object.keys(r).length <= 40, 'At most 40 filters.');
const listViewSchema = z.object({ filters: filterValues, sort: sortSchema.nullable(), pageSize: z.number().int().min(5).max(500).nullable() }).strict();
export type ListView = z.infer<typeof listViewSchema>;

const flagMap = z.record(shortKey, z.boolean()).refine((r) => Object.keys(r).length <= 100, 'At most 100 entries.');

export const uiStateSchema = z
  .object({
    currentView: z.enum(VIEWS).nullable(),
    activeMoleculeId: uuid.nullable(),
    activeCalculationId: uuid.nullable(),
    activeBatchId: uuid.nullable(),
    editor: editorContentSchema,
    /** Collapsed flag and which sidebar sections are open, per page. */
    sidebar: z.object({ collapsed: z.boolean(), sections: flagMap }).strict(),
    /** Active tab per tab group, e.g. `{ settings: 'api-keys', result: 'atoms' }`. */
    tabs: z.record(shortKey, shortKey).refine((r) => Object.keys(r).length <= 100, 'At most 100 tab groups.'),
    lists: z.object({ results: listViewSchema, batches: listViewSchema }).strict(),
    /** Small display choices that are not account preferences (e.g. viewer style, density). */
    ui: z.record(shortKey, z.union([z.boolean(), z.number().finite(), shortText(200)])).refine((r) => Object.keys(r).length <= 100, 'At most 100 UI settings.'),
    recentMolecules: z.array(uuid).max(MAX_RECENT_MOLECULES),
    favouriteCalculations: z.array(uuid).max(MAX_FAVOURITE_CALCULATIONS),
    pinnedBatches: z.array(uuid).max(MAX_PINNED_BATCHES),
    searchHistory: z.array(text().min(1).max(500)).max(MAX_SEARCH_HISTORY),
    dismissedNotices: z.array(shortKey).max(MAX_DISMISSED_NOTICES),
    drafts: z.array(draftSchema).max(MAX_DRAFTS),
  })
  .strict();

export type UiState = z.infer<typeof uiStateSchema>;

export const EMPTY_LIST_VIEW: ListView = { filters: {}, sort: null, pageSize: null };

export const EMPTY_EDITOR: EditorContent = { smiles: '', xyz: '', molfile: '', name: '', inputFormat: 'smiles', params: {} };

export function defaultUiState(): UiState {
  return {
    currentView: null,
    activeMoleculeId: null,
    activeCalculationId: null,
    activeBatchId: null,
    editor: { ...EMPTY_EDITOR, params: {} },
    sidebar: { collapsed: false, sections: {} },
    tabs: {},
    lists: { results: { ...EMPTY_LIST_VIEW, filters: {} }, batches: { ...EMPTY_LIST_VIEW, filters: {} } },
    ui: {},
    recentMolecules: [],
    favouriteCalculations: [],
    pinnedBatches: [],
    searchHistory: [],
    dismissedNotices: [],
    drafts: [],
  };
}

/** A save: the state and the client's revision (only ever increases; older saves are refused). */
export const uiStateSaveSchema = z
  .object({
    revision: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
    state: z.unknown(),
  })
  .strict();

export type UiStateProblem = { kind: 'too_large' | 'malformed'; message: string; fieldErrors?: Record<string, string[]> };

export function byteLengthOf(value: unknown): number {
  return new TextEncoder().encode(JSON.stringify(value) ?? '').length;
}

/** Validates a state to be saved; the message is for people (shown as "Not saved — …"). */
export function checkUiState(raw: unknown): { ok: true; state: UiState; bytes: number } | ({ ok: false } & UiStateProblem) {
  let bytes: number;
  try {
    bytes = byteLengthOf(raw);
  } catch {
    return { ok: false, kind: 'malformed', message: 'Session state is not valid JSON.' };
  }
  if (bytes > MAX_UI_STATE_BYTES) {
    return {
      ok: false,
      kind: 'too_large',
      message: `Session state is too large to save (${Math.ceil(bytes / 1024)} KiB; the limit is ${MAX_UI_STATE_BYTES / 1024} KiB). Remove some drafts or shorten the structure text.`,
    };
  }
  const parsed = uiStateSchema.safeParse(raw);
  if (!parsed.success) {
    const fieldErrors: Record<string, string[]> = {};
    for (const issue of parsed.error.issues) (fieldErrors[issue.path.join('.') || '_'] ??= []).push(issue.message);
    const [first] = parsed.error.issues;
    const where = first?.path.length ? ` at ${first.path.join('.')}` : '';
    return { ok: false, kind: 'malformed', message: `Session state is malformed${where}: ${first?.message ?? 'invalid'}.`, fieldErrors };
  }
  return { ok: true, state: parsed.data, bytes };
}

/**
 * Reads a stored state leniently: a state saved by an older version of the app, or partly invalid,
 * keeps every part that still parses and falls back to defaults for the rest (a restore never fails).
 */
export function restoreUiState(stored: Partial<Record<keyof UiState, unknown>> | null | undefined): UiState {
  const state = defaultUiState();
  if (!stored) return state;
  const shape = uiStateSchema.shape;
  for (const key of Object.keys(shape) as (keyof UiState)[]) {
    if (stored[key] === undefined) continue;
    const parsed = shape[key].safeParse(stored[key]);
    if (parsed.success) (state as Record<keyof UiState, unknown>)[key] = parsed.data;
  }
  if (stored.editor && typeof stored.editor === 'object') {
    // Keep the valid editor fields even when one of them is not.
    const editor = stored.editor as Record<string, unknown>;
    const editorShape = editorContentSchema.shape;
    for (const key of Object.keys(editorShape) as (keyof EditorContent)[]) {
      const parsed = editorShape[key].safeParse(editor[key]);
      if (parsed.success) (state.editor as Record<keyof EditorContent, unknown>)[key] = parsed.data;
    }
  }
  return state;
}
