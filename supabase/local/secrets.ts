// Local development keys: generated once at first start and kept under the data directory,
// never in the repository.
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { exportJWK, generateKeyPair, type JWK } from 'jose';

export interface LocalSecrets {
  /** Password of the superuser `postgres`: bootstrap and migrations only. */
  pgPassword: string;
  /** Password of the login the app and worker use (`quantum_forge_app`, see bootstrap.sql). */
  appDbPassword: string;
  publishableKey: string;
  secretKey: string;
  /** ES256 private key (JWK with kid) that signs access tokens. */
  signingKey: JWK & { kid: string };
  /** Key for encrypting values at rest (webhook URLs and similar), base64, 32 bytes. */
  encryptionKey: string;
}

const token = (bytes: number) => randomBytes(bytes).toString('base64url');

export async function loadOrCreateSecrets(dataDir: string): Promise<LocalSecrets> {
  const file = path.join(dataDir, 'secrets.json');
  try {
    const existing = JSON.parse(await readFile(file, 'utf8')) as LocalSecrets;
    if (existing.appDbPassword) return existing;
    // A data directory from before the app had its own login: add its password.
    const upgraded = { ...existing, appDbPassword: token(18) };
    await writeFile(file, JSON.stringify(upgraded, null, 2), { mode: 0o600 });
    return upgraded;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const { privateKey } = await generateKeyPair('ES256', { extractable: true });
  const jwk = await exportJWK(privateKey);
  const secrets: LocalSecrets = {
    pgPassword: token(18),
    appDbPassword: token(18),
    publishableKey: `sb_publishable_${token(24)}`,
    secretKey: `sb_secret_${token(24)}`,
    signingKey: { ...jwk, kid: randomUUID(), alg: 'ES256', use: 'sig' },
    encryptionKey: randomBytes(32).toString('base64'),
  };
  // The directory stays traversable: the PostgreSQL server runs as the unprivileged `postgres` user.
  await mkdir(dataDir, { recursive: true });
  await writeFile(file, JSON.stringify(secrets, null, 2), { mode: 0o600 });
  return secrets;
}

/** The public half of the signing key, as served by the JWKS endpoint. */
export function publicJwk(key: LocalSecrets['signingKey']): JWK {
  const { d: _private, ...pub } = key;
  return { ...pub, key_ops: ['verify'] };
}
