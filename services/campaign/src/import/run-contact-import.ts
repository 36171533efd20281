// ImportContacts from end to end: header → open (or resume) the import → records → classify → batches
// committed one transaction each, the next batch read while the last one commits. A stream that breaks
// leaves the import 'interrupted' at its last committed row; a file refused before any row was stored
// leaves it 'failed' with nothing stored.
import type { Clock } from '@ringpace/clock';
import type { Db } from '@ringpace/db';
import { AppError, FailedPreconditionError, ValidationError } from '@ringpace/errors';
import type { Logger } from '@ringpace/log';
import type { ContactImport, ImportHeader } from '@ringpace/proto';
import { isSupportedCountry } from 'libphonenumber-js/max';
import { resolveColumns } from './column-mapping.js';
import { MeteredChunks, readRecords } from './file-records.js';
import { FileFormat, validateImportHeader, type ValidImportHeader } from './import-header.js';
import { openImport, type CampaignForImport } from './import-open.js';
import { Batch, type ImportSession } from './import-session.js';
import { importRecordToProto } from './import-summary.js';
import { RowClassifier } from './row-classifier.js';
import type { SourceRecord } from './source-record.js';

export const DEFAULT_BATCH_SIZE = 5_000;
export const MAX_BATCH_SIZE = 20_000;
/** Connections writing batches at once; the import takes this many from the pool for its duration. */
export const DEFAULT_WRITERS = 3;
export const MAX_WRITERS = 4;

export interface RunContactImportOptions {
  /** The pool behind Prisma (`Db.pool`): one of its connections carries the whole import. */
  readonly pool: Db['pool'];
  readonly clock: Clock;
  readonly tenantId: string;
  /** The stream's first message, unvalidated. */
  readonly header: ImportHeader | undefined;
  /** The file's bytes, in order, as they arrive. */
  readonly chunks: AsyncIterable<Uint8Array>;
  /** Aborted when the client goes away: the import stops as 'interrupted'. */
  readonly signal: AbortSignal;
  readonly log: Logger;
  /** Rows per transaction. */
  readonly batchSize?: number;
  /** Batches written at once, each on its own pooled connection; they still commit in file order. */
  readonly writers?: number;
}

/** The stream ended or broke before the file did; what was committed stays, and sending the file again resumes. */
export class ImportInterruptedError extends AppError {
  override readonly name = 'ImportInterruptedError';
  constructor(
    readonly importId: string,
    readonly committedRows: number,
    options: ErrorOptions = {},
  ) {
    super(`import ${importId} was interrupted after ${committedRows} stored rows; send the whole file again with the same import_id to resume`, {
      ...options,
      code: 'UNAVAILABLE',
      retryable: true,
    });
  }
}

class StreamCutError extends Error {
  override readonly name = 'StreamCutError';
  constructor(received: number, announced: number) {
    super(`the stream ended after ${received} of the ${announced} bytes announced in header.size_bytes`);
  }
}

function headerRowError(record: SourceRecord & { kind: 'malformed' }): ValidationError {
  return new ValidationError([{ field: 'header.has_header', message: `the header row (line ${record.line}) cannot be read: ${record.detail}` }]);
}

function classifierFor(header: ValidImportHeader, campaign: CampaignForImport, first: SourceRecord): RowClassifier {
  if (!isSupportedCountry(campaign.defaultRegion)) throw new FailedPreconditionError(`the campaign's default region "${campaign.defaultRegion}" is not supported`);
  const width = header.format === FileFormat.Xlsx || first.kind !== 'row' ? undefined : first.cells.length;
  const headerCells = header.hasHeader && first.kind === 'row' ? first.cells : undefined;
  const columns = resolveColumns(header.columns, headerCells, width);
  return new RowClassifier({ region: campaign.defaultRegion, excludedTypes: new Set(campaign.excludedNumberTypes.map((type) => type.toUpperCase())), columns });
}

/**
 * Reads the file, stores its contacts and per-row report, and returns the import. Throws ValidationError
 * (header or file refused), NotFoundError (campaign or import of another tenant), FailedPreconditionError
 * (the same import is being received on another stream) or ImportInterruptedError.
 */
export async function runContactImport(options: RunContactImportOptions): Promise<ContactImport> {
  const header = validateImportHeader(options.header);
  const { pool, clock, tenantId, signal } = options;
  const batchSize = Math.min(Math.max(Math.trunc(options.batchSize ?? DEFAULT_BATCH_SIZE), 1), MAX_BATCH_SIZE);
  const writers = Math.min(Math.max(Math.trunc(options.writers ?? DEFAULT_WRITERS), 1), MAX_WRITERS);
  const log = options.log.child({ importId: header.importId, campaignId: header.campaignId });
  signal.throwIfAborted();
  const startedMs = clock.nowMs();

  const opened = await openImport(pool, tenantId, header, clock.now(), writers);
  if (opened.kind === 'completed') {
    log.info({ committedRows: opened.record.committedRows }, 'contact import already completed; the file was not read again');
    return importRecordToProto(opened.record);
  }
  const { session, campaign, resumed } = opened;
  const skip = session.record.committedRows;
  log.info({ format: header.format, resumed, skipRows: skip }, resumed ? 'contact import resumed' : 'contact import started');

  const chunks = new MeteredChunks(options.chunks, signal);
  // Batches being written, oldest first; reading goes on meanwhile until every writer is busy.
  const inflight: Promise<unknown>[] = [];
  let broken = false;
  try {
    let classifier: RowClassifier | undefined;
    let index = 0;
    let batch = new Batch();
    const records = readRecords(chunks, header, (choice) => log.info({ encoding: choice.encoding, how: choice.how }, 'contact import encoding'));
    for await (const group of records) {
      for (const record of group) {
        if (classifier === undefined) {
          if (header.hasHeader && record.kind === 'malformed') throw headerRowError(record);
          classifier = classifierFor(header, campaign, record);
          if (header.hasHeader) continue;
        }
        index += 1;
        const outcome = classifier.classify(record);
        // Rows an earlier run committed are classified again only so the file's duplicates are known.
        if (index <= skip) continue;
        batch.records += 1;
        if (outcome.kind === 'candidate') batch.candidates.push(outcome);
        else batch.rejections.push(outcome);
        if (batch.records >= batchSize) {
          if (inflight.length >= session.writers) await inflight.shift();
          const written = commit(session, batch, false, clock, log);
          // Awaited later, or in the catch below; this only keeps it from counting as unhandled meanwhile.
          written.catch(() => undefined);
          inflight.push(written);
          batch = new Batch();
        }
      }
    }
    if (classifier === undefined) throw new ValidationError([{ field: 'chunk', message: 'the file holds no rows' }]);
    await Promise.all(inflight);
    inflight.length = 0;
    if (header.sizeBytes !== undefined && chunks.bytes < header.sizeBytes) throw new StreamCutError(chunks.bytes, header.sizeBytes);
    if (index < skip) throw new ValidationError([{ field: 'chunk', message: `the file has ${index} rows but ${skip} were stored before: it is not the file this import started with` }]);
    await commit(session, batch, true, clock, log);
    const { counts } = session.record;
    const elapsedMs = Math.max(clock.nowMs() - startedMs, 1);
    log.info({ read: counts.read, accepted: counts.accepted, rejected: counts.rejected, distinctNumbers: classifier.distinctNumbers, elapsedMs, rowsPerSecond: Math.round(((index - skip) * 1_000) / elapsedMs) }, 'contact import completed');
    return importRecordToProto(session.record);
  } catch (error) {
    await Promise.allSettled(inflight);
    const stored = session.record.committedRows > 0;
    const status = error instanceof ValidationError && !stored ? 'failed' : 'interrupted';
    const message = error instanceof Error ? error.message : String(error);
    try {
      await session.end(status, message, clock.now());
    } catch (endError) {
      broken = true;
      log.error({ err: endError }, 'contact import: could not record how the import ended');
    }
    log.info({ status, committedRows: session.record.committedRows, err: error }, 'contact import stopped');
    if (error instanceof ValidationError) throw error;
    throw new ImportInterruptedError(header.importId, session.record.committedRows, { cause: error });
  } finally {
    await session.close(broken).catch((error: unknown) => log.warn({ err: error }, 'contact import: releasing the connection failed'));
  }
}

async function commit(session: ImportSession, batch: Batch, final: boolean, clock: Clock, log: Logger): Promise<void> {
  const result = await session.commit(batch, final, clock.now());
  log.debug({ rows: batch.records, accepted: result.accepted, rejected: result.rejected, committedRows: session.record.committedRows }, 'contact import batch committed');
}
