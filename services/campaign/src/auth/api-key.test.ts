import { describe, expect, it } from 'vitest';
import { generateApiKey, hashSecret, parseApiKey, sameHash, sameSecret } from './api-key.js';

describe('api keys', () => {
  it('generateApiKey › the secret parses back to its prefix and stored hash', () => {
    const key = generateApiKey();
    expect(key.secret).toMatch(/^rpk_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    expect(parseApiKey(key.secret)).toEqual({ prefix: key.prefix, secretHash: key.secretHash });
    expect(key.secretHash).toBe(hashSecret(key.secret));
    expect(key.secretHash).not.toContain(key.secret.slice(17));
  });

  it('generateApiKey › two keys never share prefix or secret', () => {
    const a = generateApiKey();
    const b = generateApiKey();
    expect(a.prefix).not.toBe(b.prefix);
    expect(a.secret).not.toBe(b.secret);
  });

  it.each(['', 'Bearer x', 'rpk_short_abc', `rpk_ABCDEFGHIJKL_${'a'.repeat(43)}`, `rpk_abcdefghijkl_${'a'.repeat(42)}`])(
    'parseApiKey › %j is not a key',
    (text) => {
      expect(parseApiKey(text)).toBeUndefined();
    },
  );

  it('sameHash and sameSecret › compare exactly', () => {
    expect(sameHash(hashSecret('a'), hashSecret('a'))).toBe(true);
    expect(sameHash(hashSecret('a'), hashSecret('b'))).toBe(false);
    expect(sameHash('abcd', 'ab')).toBe(false);
    expect(sameSecret('token-1', 'token-1')).toBe(true);
    expect(sameSecret('token-1', 'token-2')).toBe(false);
  });
});
