// Access tokens (ES256 JWTs with Supabase's claim layout and the signing key's kid) and refresh
// tokens (GoTrue's v1 format: 12 random lower-case alphanumerics, rotated on every use).
import { randomInt } from 'node:crypto';
import { errors, importJWK, jwtVerify, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';
import { forbidden } from './errors.ts';

export interface AmrEntry {
  method: string;
  timestamp: number;
}

/** The claims GoTrue puts in an access token, in GoTrue's order. */
export interface AccessTokenClaims {
  iss: string;
  sub: string;
  aud: string;
  exp: number;
  iat: number;
  email: string;
  phone: string;
  app_metadata: Record<string, unknown>;
  user_metadata: Record<string, unknown>;
  role: string;
  aal: string;
  amr: AmrEntry[];
  session_id: string;
  is_anonymous: boolean;
}

export interface TokenKeys {
  kid: string;
  privateKey: CryptoKey;
  publicKey: CryptoKey;
}

export async function loadTokenKeys(signingKey: JWK & { kid: string }, publicJwk: JWK): Promise<TokenKeys> {
  const privateKey = await importJWK(signingKey, 'ES256');
  const publicKey = await importJWK(publicJwk, 'ES256');
  if (!('type' in privateKey) || !('type' in publicKey)) throw new Error('signing key must be an EC key');
  return { kid: signingKey.kid, privateKey, publicKey };
}

export async function signAccessToken(keys: TokenKeys, claims: AccessTokenClaims): Promise<string> {
  return new SignJWT({ ...claims } as unknown as JWTPayload).setProtectedHeader({ alg: 'ES256', kid: keys.kid, typ: 'JWT' }).sign(keys.privateKey);
}

const invalidJwt = (reason: string) => forbidden('bad_jwt', `invalid JWT: unable to parse or verify signature, ${reason}`);

/**
 * Verifies signature (ES256 with this server's kid only) and expiry, as GoTrue's parser does,
 * and answers 403 `bad_jwt` otherwise. Claims beyond that are checked by the caller.
 */
export async function verifyAccessToken(keys: TokenKeys, token: string): Promise<JWTPayload> {
  try {
    const { payload } = await jwtVerify(
      token,
      (protectedHeader) => {
        if (protectedHeader.kid !== keys.kid) {
          throw invalidJwt(
            `token is unverifiable: error while executing keyfunc: unrecognized JWT kid ${protectedHeader.kid ?? '<nil>'} for algorithm ${protectedHeader.alg}`,
          );
        }
        return keys.publicKey;
      },
      { algorithms: ['ES256'] },
    );
    return payload;
  } catch (error) {
    if (error instanceof errors.JWTExpired) throw invalidJwt('token has invalid claims: token is expired');
    if (error instanceof errors.JWTClaimValidationFailed) throw invalidJwt(`token has invalid claims: ${error.message}`);
    if (error instanceof errors.JWSSignatureVerificationFailed) {
      throw invalidJwt('token signature is invalid: crypto/ecdsa: verification error');
    }
    if (error instanceof errors.JOSEAlgNotAllowed) throw invalidJwt('token signature is invalid: signing method is invalid');
    if (error instanceof errors.JOSEError) throw invalidJwt(`token is malformed: ${error.message}`);
    if (error instanceof TypeError) throw invalidJwt(`token is malformed: ${error.message}`);
    throw error;
  }
}

const REFRESH_TOKEN_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const REFRESH_TOKEN_PATTERN = /^[a-z0-9]{12}$/;

export function newRefreshToken(): string {
  let token = '';
  for (let i = 0; i < 12; i++) token += REFRESH_TOKEN_ALPHABET[randomInt(REFRESH_TOKEN_ALPHABET.length)];
  return token;
}

export function isWellFormedRefreshToken(token: string): boolean {
  return REFRESH_TOKEN_PATTERN.test(token);
}
