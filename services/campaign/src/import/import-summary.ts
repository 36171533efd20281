// An import as the API shows it (ringpace.v1.ContactImport), from the import pipeline's own state or
// from a Prisma row of contact_imports.
import type { ContactImport as ContactImportRow } from '@ringpace/db';
import { ImportStatus, type ContactImport } from '@ringpace/proto';

/** The database enum import_status. */
export type ImportStatusName = 'running' | 'completed' | 'interrupted' | 'failed';

export interface ImportCountsState {
  readonly read: number;
  readonly accepted: number;
  readonly rejected: number;
  /** RejectReason name (REJECT_REASON_BLACKLISTED, ...) → rows. */
  readonly byReason: Readonly<Record<string, number>>;
}

export interface ImportRecord {
  readonly id: string;
  readonly campaignId: string;
  readonly listId: string;
  readonly status: ImportStatusName;
  readonly counts: ImportCountsState;
  readonly committedRows: number;
  readonly error: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

const statuses: Record<ImportStatusName, ImportStatus> = {
  running: ImportStatus.RUNNING,
  completed: ImportStatus.COMPLETED,
  interrupted: ImportStatus.INTERRUPTED,
  failed: ImportStatus.FAILED,
};

export function importRecordToProto(record: ImportRecord): ContactImport {
  return {
    id: record.id,
    campaignId: record.campaignId,
    listId: record.listId,
    status: statuses[record.status],
    counts: { read: record.counts.read, accepted: record.counts.accepted, rejected: record.counts.rejected, rejectedByReason: { ...record.counts.byReason } },
    committedRows: record.committedRows,
    error: record.error ?? '',
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

function countsByReason(value: unknown): Record<string, number> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, number] => typeof entry[1] === 'number'));
}

/** For GetImport: a contact_imports row read through Prisma. */
export function importToProto(row: ContactImportRow): ContactImport {
  return importRecordToProto({
    id: row.id,
    campaignId: row.campaignId,
    listId: row.listId,
    status: row.status,
    counts: { read: Number(row.readRows), accepted: Number(row.acceptedRows), rejected: Number(row.rejectedRows), byReason: countsByReason(row.rejectedByReason) },
    committedRows: Number(row.committedRows),
    error: row.error,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  });
}
