// ListImportRejections: an import's per-row report in line order, a page at a time. The page token is
// the last line shown, bound to the import it came from.
import { createHash } from 'node:crypto';
import type { PrismaClient } from '@ringpace/db';
import { NotFoundError, ValidationError } from '@ringpace/errors';
import { rejectReasonFromJSON, type ListImportRejectionsRequest, type ListImportRejectionsResponse } from '@ringpace/proto';

export const DEFAULT_REJECTIONS_PAGE_SIZE = 100;
export const MAX_REJECTIONS_PAGE_SIZE = 1_000;

function importDigest(importId: string): string {
  return createHash('sha256').update(importId).digest('base64url').slice(0, 12);
}

export function encodeRejectionsToken(importId: string, afterLine: number): string {
  return Buffer.from(JSON.stringify({ v: 1, l: afterLine, i: importDigest(importId) }), 'utf8').toString('base64url');
}

export function decodeRejectionsToken(importId: string, token: string): number {
  if (token === '') return 0;
  const invalid = new ValidationError([{ field: 'page_token', message: 'is not a token from a previous ListImportRejections response for this import' }]);
  let body: unknown;
  try {
    body = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
  } catch {
    throw invalid;
  }
  if (typeof body !== 'object' || body === null) throw invalid;
  const { v, l, i } = body as { v?: unknown; l?: unknown; i?: unknown };
  if (v !== 1 || typeof l !== 'number' || !Number.isSafeInteger(l) || l < 0 || i !== importDigest(importId)) throw invalid;
  return l;
}

/** The rejected rows of one of the tenant's imports; another tenant's import is not found. */
export async function listImportRejections(prisma: PrismaClient, tenantId: string, request: ListImportRejectionsRequest): Promise<ListImportRejectionsResponse> {
  if (request.pageSize < 0 || request.pageSize > MAX_REJECTIONS_PAGE_SIZE) {
    throw new ValidationError([{ field: 'page_size', message: `must be between 0 (default ${DEFAULT_REJECTIONS_PAGE_SIZE}) and ${MAX_REJECTIONS_PAGE_SIZE}` }]);
  }
  const importId = request.importId.toLowerCase();
  const afterLine = decodeRejectionsToken(importId, request.pageToken);
  const owned = await prisma.contactImport.findFirst({ where: { id: importId, tenantId }, select: { id: true } });
  if (owned === null) throw new NotFoundError('import', request.importId);
  const pageSize = request.pageSize === 0 ? DEFAULT_REJECTIONS_PAGE_SIZE : request.pageSize;
  const rows = await prisma.importRejection.findMany({ where: { importId, line: { gt: afterLine } }, orderBy: { line: 'asc' }, take: pageSize + 1 });
  const page = rows.slice(0, pageSize);
  const last = page.at(-1);
  return {
    rows: page.map((row) => ({ line: row.line, reason: rejectReasonFromJSON(row.reason), rawMasked: row.rawMasked, detail: row.detail })),
    nextPageToken: rows.length > pageSize && last !== undefined ? encodeRejectionsToken(importId, last.line) : '',
  };
}
