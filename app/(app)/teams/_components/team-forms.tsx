'use client';

// The forms of the teams pages: create a team, invite someone by e-mail, change a member's role.
import { useRouter } from 'next/navigation';
import { useState, useTransition, type FormEvent } from 'react';
import { Button } from '@/components/ui/button';
import { FieldError, FormMessage } from '@/components/ui/form';
import { Input } from '@/components/ui/input';
import { Label } from '@/components/ui/label';
import { Select } from '@/components/ui/select';
import { useHydrated } from '@/components/use-hydrated';
import type { ActionResult } from '@/lib/actions/safe-action';
import { TEAM_ROLE_LABELS, type TeamRole } from '@/lib/validation/teams';
import { changeRoleAction, createTeamAction, inviteMemberAction } from '../actions';

type Failure = Extract<ActionResult<unknown>, { ok: false }>;

/** Submits the form's fields to `action`; on success calls `done` with the result and resets the form. */
function useActionForm<T>(action: (input: unknown) => Promise<ActionResult<T>>, done: (data: T) => void, extra: Record<string, string> = {}) {
  const [failure, setFailure] = useState<Failure | null>(null);
  const [pending, startTransition] = useTransition();
  const hydrated = useHydrated() || undefined;
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = event.currentTarget;
    const values = { ...Object.fromEntries(new FormData(form).entries()), ...extra };
    startTransition(async () => {
      const result = await action(values);
      if (!result.ok) return setFailure(result);
      setFailure(null);
      form.reset();
      done(result.data);
    });
  };
  return { failure, pending, onSubmit, hydrated };
}

function RoleOptions({ roles }: { roles: readonly TeamRole[] }) {
  return roles.map((r) => (
    <option key={r} value={r}>
      {TEAM_ROLE_LABELS[r]}
    </option>
  ));
}

export function CreateTeamForm() {
  const router = useRouter();
  const { failure, pending, onSubmit, hydrated } = useActionForm(createTeamAction, (team) => router.push(`/teams/${team.id}`));
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Create a team" data-hydrated={hydrated} className="flex flex-wrap items-end gap-3">
      <div className="min-w-64 flex-1">
        <Label htmlFor="team-name">Team name</Label>
        <Input
          id="team-name"
          name="name"
          maxLength={200}
          required
          aria-invalid={failure?.fieldErrors?.name ? true : undefined}
          aria-describedby="team-name-error"
        />
        <FieldError id="team-name-error" messages={failure?.fieldErrors?.name} />
      </div>
      <Button type="submit" variant="primary" disabled={pending} aria-busy={pending}>
        Create team
      </Button>
      {failure && !failure.fieldErrors && (
        <div className="w-full">
          <FormMessage tone="error">{failure.message}</FormMessage>
        </div>
      )}
    </form>
  );
}

export function InviteForm({ teamId, roles }: { teamId: string; roles: readonly TeamRole[] }) {
  const router = useRouter();
  const [sent, setSent] = useState<string | null>(null);
  const { failure, pending, onSubmit, hydrated } = useActionForm(
    inviteMemberAction,
    () => {
      setSent('Invitation sent. They join the team once they accept it on their Teams page.');
      router.refresh();
    },
    { teamId },
  );
  return (
    <form onSubmit={onSubmit} noValidate aria-label="Invite someone" data-hydrated={hydrated} className="space-y-2">
      <div className="flex flex-wrap items-end gap-3">
        <div className="min-w-64 flex-1">
          <Label htmlFor="invite-email">E-mail address</Label>
          <Input
            id="invite-email"
            name="email"
            type="email"
            autoComplete="off"
            required
            aria-invalid={failure?.fieldErrors?.email ? true : undefined}
            aria-describedby="invite-email-hint invite-email-error"
          />
        </div>
        <div className="w-36">
          <Label htmlFor="invite-role">Role</Label>
          <Select id="invite-role" name="role" defaultValue="member">
            <RoleOptions roles={roles} />
          </Select>
        </div>
        <Button type="submit" variant="primary" disabled={pending} aria-busy={pending}>
          Invite
        </Button>
      </div>
      <p id="invite-email-hint" className="text-xs text-slate-500">
        Only people who already have an account can be invited. Nobody joins without accepting.
      </p>
      <FieldError id="invite-email-error" messages={failure?.fieldErrors?.email} />
      {failure && !failure.fieldErrors && <FormMessage tone="error">{failure.message}</FormMessage>}
      {sent && !failure && <FormMessage tone="info">{sent}</FormMessage>}
    </form>
  );
}

/** A member's role as a select that saves on change; refused changes snap back with the reason. */
export function RoleSelect({ membershipId, name, role, roles }: { membershipId: string; name: string; role: TeamRole; roles: readonly TeamRole[] }) {
  const router = useRouter();
  const [value, setValue] = useState(role);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  const onChange = (next: TeamRole) => {
    setValue(next);
    startTransition(async () => {
      const result = await changeRoleAction({ membershipId, role: next });
      if (!result.ok) {
        setValue(role);
        return setError(result.message);
      }
      setError(null);
      router.refresh();
    });
  };
  return (
    <span className="inline-flex flex-wrap items-center gap-2">
      <Select compact aria-label={`Role of ${name}`} value={value} disabled={pending} onChange={(e) => onChange(e.target.value as TeamRole)}>
        <RoleOptions roles={roles} />
      </Select>
      {error && (
        <span role="alert" className="text-sm text-red-700 dark:text-red-300">
          {error}
        </span>
      )}
    </span>
  );
}
