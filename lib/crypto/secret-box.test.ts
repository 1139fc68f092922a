import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { decryptSecret, encryptSecret, SecretBoxError } from './secret-box.ts';

describe('secret box (AES-256-GCM)', () => {
  const saved = process.env.QF_ENCRYPTION_KEY;
  beforeEach(() => {
    process.env.QF_ENCRYPTION_KEY = randomBytes(32).toString('base64');
  });
  afterEach(() => {
    if (saved === undefined) delete process.env.QF_ENCRYPTION_KEY;
    else process.env.QF_ENCRYPTION_KEY = saved;
  });

  it('round-trips and never repeats a ciphertext', () => {
    const a = encryptSecret('https://hooks.example.com/x?token=s3cret', 'user-1:webhook');
    const b = encryptSecret('https://hooks.example.com/x?token=s3cret', 'user-1:webhook');
    expect(a).not.toBe(b);
    expect(a).not.toContain('hooks.example.com');
    expect(decryptSecret(a, 'user-1:webhook')).toBe('https://hooks.example.com/x?token=s3cret');
  });

  it('refuses another owner, a tampered text and another key', () => {
    const sealed = encryptSecret('https://a.example', 'user-1:webhook');
    expect(() => decryptSecret(sealed, 'user-2:webhook')).toThrow(SecretBoxError);
    const tampered = sealed.slice(0, -2) + (sealed.endsWith('A') ? 'BB' : 'AA');
    expect(() => decryptSecret(tampered, 'user-1:webhook')).toThrow(SecretBoxError);
    process.env.QF_ENCRYPTION_KEY = randomBytes(32).toString('base64');
    expect(() => decryptSecret(sealed, 'user-1:webhook')).toThrow(SecretBoxError);
  });

  it('refuses a missing or short key', () => {
    process.env.QF_ENCRYPTION_KEY = Buffer.alloc(16).toString('base64');
    expect(() => encryptSecret('x', 'y')).toThrow(/32 bytes/);
    delete process.env.QF_ENCRYPTION_KEY;
    expect(() => encryptSecret('x', 'y')).toThrow(/not set/);
  });
});
