// Opaque keyset page tokens for ListCampaigns: the position (created_at, id) plus the filter it belongs
// to, so a token replayed with another filter is refused instead of silently skipping rows.
import { createHash } from 'node:crypto';
import { ValidationError } from '@ringpace/errors';

export interface PagePosition {
  readonly createdAtMs: number;
  readonly id: string;
}

interface TokenBody {
  readonly v: 1;
  readonly c: number;
  readonly i: string;
  readonly f: string;
}

function filterDigest(filter: string): string {
  return createHash('sha256').update(filter).digest('base64url').slice(0, 12);
}

export function encodePageToken(position: PagePosition, filter: string): string {
  const body: TokenBody = { v: 1, c: position.createdAtMs, i: position.id, f: filterDigest(filter) };
  return Buffer.from(JSON.stringify(body), 'utf8').toString('base64url');
}

export function decodePageToken(token: string, filter: string): PagePosition | undefined {
  if (token === '') return undefined;
  const invalid = new ValidationError([{ field: 'page_token', message: 'is not a token from a previous response to the same request' }]);
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalid;
  }
  if (typeof body !== 'object' || body === null) throw invalid;
  const { v, c, i, f } = body as Partial<TokenBody>;
  if (v !== 1 || typeof c !== 'number' || !Number.isSafeInteger(c) || typeof i !== 'string' || f !== filterDigest(filter)) throw invalid;
  return { createdAtMs: c, id: i };
}
