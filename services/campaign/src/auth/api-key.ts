// API key format and hashing. A key reads `rpk_<prefix>_<secret>`: the prefix finds the row (indexed,
// public), the secret is 32 random bytes of which only the sha256 is stored.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

const keyPattern = /^rpk_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export interface GeneratedApiKey {
  readonly prefix: string;
  readonly secret: string;
  readonly secretHash: string;
}

export interface ParsedApiKey {
  readonly prefix: string;
  readonly secretHash: string;
}

const prefixAlphabet = 'abcdefghijklmnopqrstuvwxyz0123456789';

export function generateApiKey(): GeneratedApiKey {
  const prefixBytes = randomBytes(12);
  const prefix = Array.from(prefixBytes, (byte) => prefixAlphabet[byte % prefixAlphabet.length]).join('');
  const secret = `rpk_${prefix}_${randomBytes(32).toString('base64url')}`;
  return { prefix, secret, secretHash: hashSecret(secret) };
}

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}

/** Undefined when the text cannot be an API key at all (saves a database lookup). */
export function parseApiKey(text: string): ParsedApiKey | undefined {
  const match = keyPattern.exec(text);
  if (match === null) return undefined;
  return { prefix: match[1]!, secretHash: hashSecret(text) };
}

export function sameHash(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}

export function sameSecret(presented: string, expected: string): boolean {
  return sameHash(hashSecret(presented), hashSecret(expected));
}
