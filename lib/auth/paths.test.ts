import { describe, expect, it } from 'vitest';
import { isPublicPath, safeNextPath } from './paths.ts';

describe('safeNextPath', () => {
  it('follows local paths', () => {
    expect(safeNextPath('/results?page=2')).toBe('/results?page=2');
    expect(safeNextPath('/results/abc#ir')).toBe('/results/abc#ir');
    expect(safeNextPath(null)).toBe('/editor');
  });

  it('refuses every form a browser reads as another host', () => {
    const hostile = [
      '//evil.example/x',
      '/\\evil.example',
      '\\\\evil.example',
      'https://evil.example',
      'javascript:alert(1)',
      '/\t/evil.example', // browsers strip the tab: //evil.example
      '/\n/evil.example',
      '/\r\n/evil.example',
      '/\t\\evil.example',
      '/ /evil.example'.replace(' ', '\u0000'),
      '/%09/evil.example',
      '/%2F/evil.example',
      '/%2f%2fevil.example',
      '/%5Cevil.example',
      '/%5c%5cevil.example',
      ' //evil.example',
      '/x/../\\evil.example',
    ];
    for (const next of hostile) {
      const result = safeNextPath(next);
      expect(new URL(result, 'https://app.example').origin, JSON.stringify(next)).toBe('https://app.example');
      expect(result, JSON.stringify(next)).toMatch(/^\/(?![/\\])/);
    }
    expect(safeNextPath('/\t/evil.example')).toBe('/editor');
    expect(safeNextPath('/%2F/evil.example')).toBe('/editor');
  });

  it('does not loop back to the sign-in pages', () => {
    expect(safeNextPath('/sign-in')).toBe('/editor');
    expect(safeNextPath('/sign-up?x=1')).toBe('/editor');
    expect(safeNextPath('/x/../sign-in')).toBe('/editor');
  });

  it('knows the public pages', () => {
    expect(isPublicPath('/sign-in')).toBe(true);
    // The reset link lands signed out; choosing the new password needs the session it opens.
    expect(isPublicPath('/forgot-password')).toBe(true);
    expect(isPublicPath('/auth/confirm')).toBe(true);
    expect(isPublicPath('/reset-password')).toBe(false);
    expect(isPublicPath('/editor')).toBe(false);
  });
});
