// Signing of webhook bodies: HMAC-SHA256, keyed with the user's signing secret (the whole `whsec_…`
// text as UTF-8), over `<timestamp>.<body>`, sent as `Quantum-Forge-Signature: t=<unix seconds>,v1=<hex>`.
// The timestamp inside the signed text lets a receiver refuse replays of old deliveries.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const SIGNATURE_HEADER = 'Quantum-Forge-Signature';
export const EVENT_HEADER = 'Quantum-Forge-Event';
export const DELIVERY_HEADER = 'Quantum-Forge-Delivery';

export function generateSigningSecret(): string {
  return `whsec_${randomBytes(32).toString('base64url')}`;
}

export function signatureOf(secret: string, timestamp: number, body: string): string {
  return createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex');
}

export function signatureHeader(secret: string, timestamp: number, body: string): string {
  return `t=${timestamp},v1=${signatureOf(secret, timestamp, body)}`;
}

/**
 * What a receiver does (the README shows the same in Node and Python): recompute the HMAC from the
 * header's timestamp and the raw body, compare in constant time, and refuse old timestamps.
 */
export function verifySignature(secret: string, header: string, body: string, options: { toleranceSeconds?: number; now?: number } = {}): boolean {
  const fields = new Map(header.split(',').map((part) => part.trim().split('=', 2) as [string, string]));
  const timestamp = Number(fields.get('t'));
  const given = fields.get('v1');
  if (!Number.isInteger(timestamp) || !given || !/^[0-9a-f]{64}$/.test(given)) return false;
  const now = options.now ?? Math.floor(Date.now() / 1000);
  if (Math.abs(now - timestamp) > (options.toleranceSeconds ?? 300)) return false;
  return timingSafeEqual(Buffer.from(signatureOf(secret, timestamp, body), 'hex'), Buffer.from(given, 'hex'));
}
