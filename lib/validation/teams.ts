// Teams and sharing: the forms on /teams, /teams/[id], and the share control on result and batch pages.
import { z } from 'zod';

export const TEAM_ROLES = ['owner', 'admin', 'member', 'viewer'] as const;
export type TeamRole = (typeof TEAM_ROLES)[number];

export const TEAM_ROLE_LABELS: Record<TeamRole, string> = {
  owner: 'Owner',
  admin: 'Admin',
  member: 'Member',
  viewer: 'Viewer',
};

const teamRole = z.enum(TEAM_ROLES, 'Choose owner, admin, member or viewer.');
const id = (what: string) => z.guid(`Unknown ${what}.`);

export const createTeamSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'Give the team a name.')
    .max(200, 'At most 200 characters.')
    .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'One line of text, without control characters.'),
});
export type CreateTeamInput = z.output<typeof createTeamSchema>;

export const inviteSchema = z.object({
  teamId: id('team'),
  email: z.string().trim().toLowerCase().max(320, 'At most 320 characters.').pipe(z.email('Enter an e-mail address, like name@example.org.')),
  role: teamRole,
});
export type InviteInput = z.output<typeof inviteSchema>;

export const membershipSchema = z.object({ membershipId: id('membership') });
export const changeRoleSchema = z.object({ membershipId: id('membership'), role: teamRole });
export const teamIdSchema = z.object({ teamId: id('team') });

export const SHAREABLE_KINDS = ['molecule', 'calculation', 'batch'] as const;
export type ShareableKind = (typeof SHAREABLE_KINDS)[number];

/** `teamId` empty = not shared (private to its owner). */
export const shareSchema = z.object({
  kind: z.enum(SHAREABLE_KINDS),
  id: id('item'),
  teamId: z
    .union([z.literal(''), id('team')])
    .nullable()
    .optional()
    .transform((v) => (v ? v : null)),
});
export type ShareInput = z.output<typeof shareSchema>;
