// Who may do what, in one table. Pages ask it what to show, server actions (authedAction's
// `permission`) and route handlers ask it before they act, and the nav asks it which links to list.
// It is the application's first answer, not its last: the row-level security policies in
// supabase/migrations check the same rules again on every row (`public.can_submit()` is the SQL twin
// of calculation.submit: a viewer's insert into calculations is refused by the database even if a
// check here were missing). Safe to import in client code. See docs/architecture.md.

export const ROLES = ['admin', 'researcher', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  /** Submit a new calculation: from the editor, a batch or the REST API. */
  'calculation.submit': ['admin', 'researcher'],
  /** Ask a queued or running calculation to stop. */
  'calculation.cancel': ['admin', 'researcher'],
  /** Submit a finished calculation again with the same molecule and parameters. */
  'calculation.rerun': ['admin', 'researcher'],
  /** The operations dashboard (queue, workers, every user's calculations). */
  'dashboard.view': ['admin'],
  /** Browse the audit log (admin actions and refused attempts). */
  'audit.view': ['admin'],
  /** Create and delete accounts and change their roles. */
  'users.manage': ['admin'],
  /** Create and revoke one's own API keys; a key acts with its owner's rights and no more, so viewers may too. */
  'apiKeys.manage': ['admin', 'researcher', 'viewer'],
  /** Change one's own preferences (units, theme, defaults, notifications). */
  'preferences.update': ['admin', 'researcher', 'viewer'],
  /** Save one's own UI state (editor content, filters, drafts …). */
  'uiState.save': ['admin', 'researcher', 'viewer'],
  /** See one's teams and invitations, accept or decline, leave; what one may do inside a team is the team role's (RLS). */
  'teams.use': ['admin', 'researcher', 'viewer'],
  /** Start a new team (its creator becomes its owner); viewers create nothing. */
  'teams.create': ['admin', 'researcher'],
  /** Share one's own molecules, calculations and batches with a team, or stop sharing them. */
  'items.share': ['admin', 'researcher'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof PERMISSIONS;

/** What a refused user is told, in words (the same sentence for every permission keeps it simple). */
export const PERMISSION_DENIED_MESSAGE = 'Your role does not allow this action.';

export function can(user: { role: Role } | null | undefined, permission: Permission): boolean {
  if (!user) return false;
  return (PERMISSIONS[permission] as readonly Role[]).includes(user.role);
}

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
