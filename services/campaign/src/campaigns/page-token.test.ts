import { describe, expect, it } from 'vitest';
import { ValidationError } from '@ringpace/errors';
import { decodePageToken, encodePageToken } from './page-token.js';

describe('page tokens', () => {
  const position = { createdAtMs: Date.UTC(2026, 10, 24, 8, 0, 0), id: '0b6f1c0e-6a3b-4d7a-9f51-0d2d1c3f4a5b' };

  it('page token › round-trips the position for the same filter', () => {
    expect(decodePageToken(encodePageToken(position, 't1|'), 't1|')).toEqual(position);
  });

  it('page token › the empty token is the first page', () => {
    expect(decodePageToken('', 't1|')).toBeUndefined();
  });

  it.each([
    ['another filter', encodePageToken(position, 't1|CAMPAIGN_STATE_RUNNING'), 't1|'],
    ['another tenant', encodePageToken(position, 't2|'), 't1|'],
    ['garbage', 'not-a-token!!', 't1|'],
    ['json of the wrong shape', Buffer.from('{"v":1,"c":"x"}').toString('base64url'), 't1|'],
  ])('page token › %s is refused naming page_token', (_label, token, filter) => {
    try {
      decodePageToken(token, filter);
      expect.unreachable('token should be refused');
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).violations[0]?.field).toBe('page_token');
    }
  });
});
