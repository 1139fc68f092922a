import { describe, expect, it } from 'vitest';
import { isPublicPath, safeNextPath } from './paths.ts';

describe('safeNextPath', () => {
  it('follows local paths only', () => {
    expect(safeNextPath('/results?page=2')).toBe('/results?page=2');
    expect(safeNextPath('//evil.example/x')).toBe('/editor');
    expect(safeNextPath('/\\evil.example')).toBe('/editor');
    expect(safeNextPath('https://evil.example')).toBe('/editor');
    expect(safeNextPath('/sign-in')).toBe('/editor');
    expect(safeNextPath(null)).toBe('/editor');
  });
  it('knows the public pages', () => {
    expect(isPublicPath('/sign-in')).toBe(true);
    expect(isPublicPath('/editor')).toBe(false);
  });
});
