// The permission table is what the nav shows, what pages open and what server actions accept: these
// are the rules the README promises for each demo role.
import { describe, expect, it } from 'vitest';
import { can, isRole, PERMISSIONS, ROLES, type Permission } from './permissions.ts';

const allowed = (role: (typeof ROLES)[number]) => (Object.keys(PERMISSIONS) as Permission[]).filter((p) => can({ role }, p)).sort();

describe('permissions', () => {
  it('lets an admin do everything', () => {
    expect(allowed('admin')).toEqual(Object.keys(PERMISSIONS).sort());
  });

  it('lets a researcher run calculations but not see the dashboard or manage users', () => {
    expect(allowed('researcher')).toEqual([
      'apiKeys.manage',
      'calculation.cancel',
      'calculation.rerun',
      'calculation.submit',
      'items.share',
      'preferences.update',
      'teams.create',
      'teams.use',
      'uiState.save',
    ]);
  });

  it('lets a viewer read only: no submitting, cancelling or rerunning, but keys, preferences and UI state of their own', () => {
    expect(allowed('viewer')).toEqual(['apiKeys.manage', 'preferences.update', 'teams.use', 'uiState.save']);
    expect(can({ role: 'viewer' }, 'calculation.submit')).toBe(false);
  });

  it('refuses everything to nobody', () => {
    for (const permission of Object.keys(PERMISSIONS) as Permission[]) {
      expect(can(null, permission)).toBe(false);
      expect(can(undefined, permission)).toBe(false);
    }
  });

  it('names only known roles, and every permission has at least one', () => {
    for (const roles of Object.values(PERMISSIONS)) {
      expect(roles.length).toBeGreaterThan(0);
      expect(roles.every(isRole)).toBe(true);
    }
    expect(isRole('owner')).toBe(false);
    expect(isRole('admin')).toBe(true);
  });
});
