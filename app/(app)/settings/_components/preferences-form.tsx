'use client';
// Units, precision, theme, language, calculation defaults and notifications. Saved as a whole; the
// webhook URL is write-only here (the server returns only whether one is configured).
import { useState, useTransition, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { FormMessage } from '@/components/ui/form';
import { useUiActions } from '@/components/ui-store-provider';
import { METHOD_LABELS, METHODS, OPT_LEVELS, TASK_LABELS, TASKS } from '@/lib/calculations/parameters';
import { LANGUAGES, type Preferences } from '@/lib/validation/preferences';
import { savePreferences } from '../actions';
import { CheckboxField, Fieldset, InputField, SelectField } from './fields';
import { QuantityDisplayFields } from './quantity-display-fields';

const COMMON_SOLVENTS = [
  'water',
  'methanol',
  'ethanol',
  'acetone',
  'acetonitrile',
  'dmso',
  'dmf',
  'thf',
  'toluene',
  'benzene',
  'chloroform',
  'ch2cl2',
  'hexane',
  'ether',
];

type WebhookMode = 'keep' | 'replace' | 'remove';

export function PreferencesForm({ initial }: { initial: Preferences }) {
  const [prefs, setPrefs] = useState(initial);
  const [solvation, setSolvation] = useState<string>(initial.calculationDefaults.solvationModel);
  const [webhookMode, setWebhookMode] = useState<WebhookMode>(initial.notifications.webhookConfigured ? 'keep' : 'replace');
  const [result, setResult] = useState<{ ok: boolean; message: string; fieldErrors?: Record<string, string[]> } | null>(null);
  const [pending, startTransition] = useTransition();
  const { setTheme } = useUiActions();
  const errors = result?.fieldErrors ?? {};
  const d = prefs.calculationDefaults;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const values: Record<string, unknown> = Object.fromEntries(form.entries());
    // An empty URL field when none is stored means "no webhook", not "replace with nothing".
    const url = String(values.webhookUrl ?? '').trim();
    values.webhookAction = webhookMode === 'replace' && !url ? (prefs.notifications.webhookConfigured ? 'keep' : 'remove') : webhookMode;
    if (webhookMode !== 'replace') delete values.webhookUrl;
    startTransition(async () => {
      const res = await savePreferences(values);
      if (!res.ok) {
        setResult({ ok: false, message: res.message, fieldErrors: res.fieldErrors });
        return;
      }
      setPrefs(res.data);
      setTheme(res.data.theme);
      setWebhookMode(res.data.notifications.webhookConfigured ? 'keep' : 'replace');
      setResult({ ok: true, message: 'Preferences saved.' });
    });
  };

  return (
    <form onSubmit={onSubmit} noValidate className="max-w-3xl space-y-6" aria-describedby={result ? 'preferences-result' : undefined}>
      <Fieldset legend="Display">
        <QuantityDisplayFields initial={prefs.quantityDisplay} errors={errors} key={JSON.stringify(prefs.quantityDisplay)} />
        <div className="grid gap-4 sm:grid-cols-2">
          <SelectField
            label="Theme"
            name="theme"
            defaultValue={prefs.theme}
            key={`theme-${prefs.theme}`}
            options={[
              ['system', 'System'],
              ['light', 'Light'],
              ['dark', 'Dark'],
            ]}
            errors={errors.theme}
          />
          <SelectField label="Language" name="language" defaultValue={prefs.language} options={LANGUAGES} errors={errors.language} />
        </div>
        <p className="text-sm text-slate-600 dark:text-slate-400">
          The interface is in English for now; the language is kept for notifications and future translations.
        </p>
      </Fieldset>

      <Fieldset legend="Calculation defaults (new calculations in the editor start from these)">
        <div className="grid gap-4 sm:grid-cols-3">
          <SelectField
            label="Method"
            name="method"
            defaultValue={d.method}
            options={METHODS.map((m) => [m, METHOD_LABELS[m]] as const)}
            errors={errors.method}
          />
          <SelectField label="Task" name="task" defaultValue={d.task} options={TASKS.map((t) => [t, TASK_LABELS[t]] as const)} errors={errors.task} />
          <SelectField
            label="Optimisation level"
            name="optLevel"
            defaultValue={d.optLevel}
            options={OPT_LEVELS.map((o) => [o, o] as const)}
            errors={errors.optLevel}
          />
          <SelectField
            label="Implicit solvation"
            name="solvationModel"
            value={solvation}
            onChange={(e) => setSolvation(e.target.value)}
            options={[
              ['none', 'None (gas phase)'],
              ['alpb', 'ALPB'],
              ['gbsa', 'GBSA'],
            ]}
            errors={errors.solvationModel}
          />
          <InputField
            label="Solvent"
            name="solvent"
            list="solvent-options"
            defaultValue={d.solvent ?? ''}
            disabled={solvation === 'none'}
            errors={errors.solvent}
          />
          <datalist id="solvent-options">
            {COMMON_SOLVENTS.map((s) => (
              <option key={s} value={s} />
            ))}
          </datalist>
          <InputField label="Charge" name="charge" type="number" step={1} defaultValue={d.charge} errors={errors.charge} />
          <InputField label="Unpaired electrons" name="uhf" type="number" min={0} step={1} defaultValue={d.uhf} errors={errors.uhf} />
          <InputField label="Electronic temperature (K)" name="etemp" type="number" min={0} step="any" defaultValue={d.etemp} errors={errors.etemp} />
          <InputField label="Accuracy" name="accuracy" type="number" min={0.0001} step="any" defaultValue={d.accuracy} errors={errors.accuracy} />
          <InputField
            label="Max SCF iterations"
            name="maxIterations"
            type="number"
            min={1}
            step={1}
            defaultValue={d.maxIterations}
            errors={errors.maxIterations}
          />
        </div>
      </Fieldset>

      <Fieldset legend="Notifications">
        <div className="space-y-2">
          <CheckboxField label="When a calculation completes" name="notifyOnCompletion" defaultChecked={prefs.notifications.onCompletion} />
          <CheckboxField label="When a calculation fails" name="notifyOnFailure" defaultChecked={prefs.notifications.onFailure} />
          <CheckboxField label="By e-mail" name="emailNotifications" defaultChecked={prefs.notifications.email} />
          <CheckboxField
            label="By webhook"
            name="webhookEnabled"
            defaultChecked={prefs.notifications.webhookEnabled}
            key={`wh-${prefs.notifications.webhookEnabled}`}
          />
        </div>
        <div className="space-y-2">
          <span className="block text-sm font-medium text-slate-700 dark:text-slate-300">Webhook URL</span>
          {prefs.notifications.webhookConfigured && webhookMode !== 'replace' ? (
            <div className="flex flex-wrap items-center gap-3 text-sm">
              {webhookMode === 'keep' ? (
                <>
                  <span data-testid="webhook-configured" className="font-mono">
                    configured ••••
                  </span>
                  <Button onClick={() => setWebhookMode('replace')}>Replace</Button>
                  <Button onClick={() => setWebhookMode('remove')}>Remove</Button>
                </>
              ) : (
                <>
                  <span>The webhook URL will be removed when you save.</span>
                  <Button onClick={() => setWebhookMode('keep')}>Undo</Button>
                </>
              )}
            </div>
          ) : (
            <div className="flex items-start gap-3">
              <div className="flex-1">
                <InputField
                  label="New webhook URL"
                  name="webhookUrl"
                  type="url"
                  inputMode="url"
                  autoComplete="off"
                  placeholder="https://hooks.example.com/…"
                  errors={errors.webhookUrl}
                  hint="Stored encrypted; it is never shown again. https:// only; addresses on this machine or a private network are refused."
                />
              </div>
              {prefs.notifications.webhookConfigured ? (
                <Button className="mt-6" onClick={() => setWebhookMode('keep')}>
                  Cancel
                </Button>
              ) : null}
            </div>
          )}
        </div>
      </Fieldset>

      <div className="flex items-center gap-4">
        <Button type="submit" variant="primary" disabled={pending} aria-busy={pending}>
          {pending ? 'Saving…' : 'Save preferences'}
        </Button>
        {result ? (
          <div id="preferences-result" className="flex-1">
            <FormMessage tone={result.ok ? 'info' : 'error'}>{result.message}</FormMessage>
          </div>
        ) : null}
      </div>
    </form>
  );
}
