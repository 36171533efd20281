// gRPC glue for contact imports: the ImportContacts stream (header, then file bytes) handed to the import
// pipeline, and the reads of an import's status and per-row report.
import type { Clock } from '@ringpace/clock';
import { NotFoundError, ValidationError } from '@ringpace/errors';
import type { Db, PrismaClient } from '@ringpace/db';
import type {
  GetImportRequest,
  GetImportResponse,
  ImportContactsRequest,
  ImportContactsResponse,
  ImportHeader,
  ListImportRejectionsRequest,
  ListImportRejectionsResponse,
} from '@ringpace/proto';
import { requireTenant } from '../auth/authenticator.js';
import type { CallContext } from '../grpc/unary.js';
import { isUuid } from '../campaigns/validate.js';
import { importToProto, listImportRejections, runContactImport } from '../import/index.js';

export interface ImportHandlerDeps {
  readonly prisma: PrismaClient;
  /** The pool behind Prisma: an import holds one connection for its batches. */
  readonly pool: Db['pool'];
  readonly clock: Clock;
}

async function splitStream(messages: AsyncIterable<ImportContactsRequest>): Promise<{ header: ImportHeader; chunks: AsyncIterable<Uint8Array> }> {
  const iterator = messages[Symbol.asyncIterator]();
  const first = await iterator.next();
  if (first.done === true || first.value.part?.$case !== 'header') {
    throw new ValidationError([{ field: 'header', message: 'the first message of the stream must carry the import header' }]);
  }
  const header = first.value.part.value;
  async function* chunks(): AsyncGenerator<Uint8Array> {
    let index = 1;
    for (;;) {
      const next = await iterator.next();
      if (next.done === true) return;
      const part = next.value.part;
      if (part?.$case !== 'chunk') throw new ValidationError([{ field: `messages[${index}]`, message: 'only the first message may carry a header; the rest carry file bytes' }]);
      index += 1;
      yield part.value;
    }
  }
  return { header, chunks: chunks() };
}

export function importHandlers(deps: ImportHandlerDeps) {
  const { prisma, pool, clock } = deps;
  return {
    importContacts: async (messages: AsyncIterable<ImportContactsRequest>, context: CallContext): Promise<ImportContactsResponse> => {
      const { tenantId } = requireTenant(context.caller);
      const { header, chunks } = await splitStream(messages);
      const result = await runContactImport({ pool, clock, tenantId, header, chunks, signal: context.signal, log: context.log });
      return { import: result };
    },
    getImport: async (request: GetImportRequest, context: CallContext): Promise<GetImportResponse> => {
      const { tenantId } = requireTenant(context.caller);
      if (!isUuid(request.id)) throw new ValidationError([{ field: 'id', message: request.id === '' ? 'is required' : 'must be a UUID' }]);
      const row = await prisma.contactImport.findFirst({ where: { id: request.id, tenantId } });
      if (row === null) throw new NotFoundError('import', request.id);
      return { import: importToProto(row) };
    },
    listImportRejections: async (request: ListImportRejectionsRequest, context: CallContext): Promise<ListImportRejectionsResponse> => {
      const { tenantId } = requireTenant(context.caller);
      if (!isUuid(request.importId)) throw new ValidationError([{ field: 'import_id', message: request.importId === '' ? 'is required' : 'must be a UUID' }]);
      return listImportRejections(prisma, tenantId, request);
    },
  };
}
