// Secrets at rest (webhook URLs): AES-256-GCM with QF_ENCRYPTION_KEY (base64, 32 bytes), a fresh
// 96-bit nonce per message, and associated data binding a ciphertext to its owner and purpose, so a
// ciphertext copied to another row does not decrypt. Format: `v1.<nonce>.<ciphertext+tag>` (base64url).
import 'server-only';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export class SecretBoxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretBoxError';
  }
}

function key(): Buffer {
  const encoded = process.env.QF_ENCRYPTION_KEY;
  if (!encoded) throw new SecretBoxError('QF_ENCRYPTION_KEY is not set: see .env.example');
  const bytes = Buffer.from(encoded, 'base64');
  if (bytes.length !== 32) throw new SecretBoxError('QF_ENCRYPTION_KEY must be 32 bytes, base64-encoded');
  return bytes;
}

export function encryptSecret(plaintext: string, associatedData: string): string {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key(), nonce);
  cipher.setAAD(Buffer.from(associatedData, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final(), cipher.getAuthTag()]);
  return `${VERSION}.${nonce.toString('base64url')}.${body.toString('base64url')}`;
}

export function decryptSecret(sealed: string, associatedData: string): string {
  const [version, nonceText, bodyText] = sealed.split('.');
  if (version !== VERSION || !nonceText || !bodyText) throw new SecretBoxError('Unknown secret format');
  const nonce = Buffer.from(nonceText, 'base64url');
  const body = Buffer.from(bodyText, 'base64url');
  if (nonce.length !== NONCE_BYTES || body.length < TAG_BYTES) throw new SecretBoxError('Truncated secret');
  try {
    const decipher = createDecipheriv('aes-256-gcm', key(), nonce);
    decipher.setAAD(Buffer.from(associatedData, 'utf8'));
    decipher.setAuthTag(body.subarray(body.length - TAG_BYTES));
    return Buffer.concat([decipher.update(body.subarray(0, body.length - TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretBoxError('Secret does not decrypt with this key (wrong key, owner or tampered data)');
  }
}
