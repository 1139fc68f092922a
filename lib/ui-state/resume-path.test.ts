import { describe, expect, it } from 'vitest';
import { resumePath } from './resume-path.ts';

describe('resumePath', () => {
  it('returns to the saved view, and to the calculation that was open', () => {
    expect(resumePath({ currentView: 'settings', activeCalculationId: null })).toBe('/settings');
    expect(resumePath({ currentView: 'result', activeCalculationId: '00000000-0000-4000-a000-000000000001' })).toBe(
      '/results/00000000-0000-4000-a000-000000000001',
    );
    expect(resumePath({ currentView: 'result', activeCalculationId: null })).toBe('/results');
    expect(resumePath({ currentView: null, activeCalculationId: null })).toBe('/editor');
  });
});
