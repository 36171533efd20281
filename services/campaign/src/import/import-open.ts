// Opening an import: the campaign and the import looked up for the caller's tenant (another tenant's
// ids are not found), the import's advisory lock taken — it keeps a second stream of the same import
// out and dies with the connection, so a crashed server leaves nothing to clean up — and the import
// created with its contact list, or resumed.
import { randomUUID } from 'node:crypto';
import type { CampaignState, Db } from '@ringpace/db';
import { AppError, FailedPreconditionError, NotFoundError, UnavailableError, ValidationError } from '@ringpace/errors';
import { isFinal } from '../campaigns/lifecycle.js';
import type { ValidImportHeader } from './import-header.js';
import { connectClient, importLockKey, ImportSession, unlockImport, type PoolClient } from './import-session.js';
import type { ImportRecord, ImportStatusName } from './import-summary.js';

type Pool = Db['pool'];

export interface CampaignForImport {
  readonly defaultRegion: string;
  readonly excludedNumberTypes: readonly string[];
}

export type OpenResult =
  | { readonly kind: 'opened'; readonly session: ImportSession; readonly campaign: CampaignForImport; readonly resumed: boolean }
  | { readonly kind: 'completed'; readonly record: ImportRecord };

interface ImportRow {
  id: string;
  tenant_id: string;
  campaign_id: string;
  list_id: string;
  status: ImportStatusName;
  read_rows: string;
  accepted_rows: string;
  rejected_rows: string;
  rejected_by_reason: Record<string, number>;
  committed_rows: string;
  error: string | null;
  created_at: Date;
  updated_at: Date;
}

const PG_UNIQUE_VIOLATION = '23505';

function recordOf(row: ImportRow): ImportRecord {
  return {
    id: row.id,
    campaignId: row.campaign_id,
    listId: row.list_id,
    status: row.status,
    counts: { read: Number(row.read_rows), accepted: Number(row.accepted_rows), rejected: Number(row.rejected_rows), byReason: { ...row.rejected_by_reason } },
    committedRows: Number(row.committed_rows),
    error: row.error,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

function pgCode(error: unknown): unknown {
  return typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
}

/**
 * Opens the import on `writers` connections (the first holds the lock). A completed import is returned as
 * it is: sending the file again after a lost answer changes nothing.
 */
export async function openImport(pool: Pool, tenantId: string, header: ValidImportHeader, now: Date, writers: number): Promise<OpenResult> {
  const client = await connect(pool);
  let locked = false;
  try {
    const campaigns = await client.query<{ default_region: string; excluded_number_types: string[] | null; state: CampaignState }>({
      text: 'SELECT default_region, excluded_number_types, state FROM campaigns WHERE id = $1 AND tenant_id = $2',
      values: [header.campaignId, tenantId],
    });
    const campaignRow = campaigns.rows[0];
    if (campaignRow === undefined) throw new NotFoundError('campaign', header.campaignId);
    const campaign: CampaignForImport = { defaultRegion: campaignRow.default_region, excludedNumberTypes: campaignRow.excluded_number_types ?? [] };
    // A campaign that ended dials nobody again: new contacts would wait forever. A completed import is
    // still answered below, so resending a file whose answer was lost stays harmless.
    const refuseIfEnded = () => {
      if (isFinal(campaignRow.state)) throw new FailedPreconditionError(`campaign is ${campaignRow.state}: it takes no more contacts`);
    };

    const lock = await client.query<{ locked: boolean }>({ text: 'SELECT pg_try_advisory_lock($1::bigint) AS locked', values: [importLockKey(header.importId)] });
    locked = lock.rows[0]?.locked === true;
    if (!locked) throw new FailedPreconditionError(`import ${header.importId} is being received on another stream; send the file again once that stream has ended`);

    const existing = (await client.query<ImportRow>({ text: 'SELECT * FROM contact_imports WHERE id = $1', values: [header.importId] })).rows[0];
    if (existing === undefined) {
      refuseIfEnded();
      const listId = randomUUID();
      await client.query('BEGIN');
      try {
        await client.query({
          text: 'INSERT INTO contact_lists (id, tenant_id, campaign_id, name, created_at) VALUES ($1, $2, $3, $4, $5)',
          values: [listId, tenantId, header.campaignId, header.listName ?? `Import ${header.importId}`, now],
        });
        const created = await client.query<ImportRow>({
          text: `INSERT INTO contact_imports (id, tenant_id, campaign_id, list_id, status, format, created_at, updated_at)
                 VALUES ($1, $2, $3, $4, 'running', $5, $6, $6) RETURNING *`,
          values: [header.importId, tenantId, header.campaignId, listId, header.format, now],
        });
        await client.query('COMMIT');
        return { kind: 'opened', session: await sessionOn(pool, client, writers, tenantId, recordOf(created.rows[0]!)), campaign, resumed: false };
      } catch (error) {
        await client.query('ROLLBACK');
        // The id was taken meanwhile, by another tenant (ours would have waited on the lock).
        if (pgCode(error) === PG_UNIQUE_VIOLATION) throw new NotFoundError('import', header.importId, { cause: error });
        throw error;
      }
    }
    if (existing.tenant_id !== tenantId) throw new NotFoundError('import', header.importId);
    if (existing.campaign_id !== header.campaignId) {
      throw new ValidationError([{ field: 'header.campaign_id', message: `import ${header.importId} belongs to campaign ${existing.campaign_id}` }]);
    }
    if (existing.status === 'completed') {
      await unlockImport(client, header.importId);
      client.release();
      return { kind: 'completed', record: recordOf(existing) };
    }
    refuseIfEnded();
    // A failed import stored nothing and starts over; an interrupted one (or one whose server died while
    // running: the lock says nobody holds it) continues after committed_rows.
    const reset = existing.status === 'failed';
    const resumed = await client.query<ImportRow>({
      text: `UPDATE contact_imports SET status = 'running', error = NULL, updated_at = $2
               ${reset ? `, read_rows = 0, accepted_rows = 0, rejected_rows = 0, rejected_by_reason = '{}', committed_rows = 0, format = $3` : ''}
             WHERE id = $1 RETURNING *`,
      values: reset ? [header.importId, now, header.format] : [header.importId, now],
    });
    return { kind: 'opened', session: await sessionOn(pool, client, writers, tenantId, recordOf(resumed.rows[0]!)), campaign, resumed: !reset && Number(existing.committed_rows) > 0 };
  } catch (error) {
    if (error instanceof AppError) {
      if (locked) await unlockImport(client, header.importId).catch(() => undefined);
      client.release();
    } else {
      // The connection may be in any state: drop it, which also drops the lock.
      client.release(true);
    }
    throw error;
  }
}

/** A pooled connection, or UnavailableError when the pool has none free within its connection timeout. */
async function connect(pool: Pool): Promise<PoolClient> {
  try {
    return await connectClient(pool);
  } catch (error) {
    throw new UnavailableError('database', 'no connection free for the contact import', { cause: error });
  }
}

/** The session on the locked connection and `writers - 1` more from the pool. */
async function sessionOn(pool: Pool, lead: PoolClient, writers: number, tenantId: string, record: ImportRecord): Promise<ImportSession> {
  const others: PoolClient[] = [];
  try {
    for (let i = 1; i < writers; i += 1) others.push(await connect(pool));
  } catch (error) {
    for (const other of others) other.release();
    throw error;
  }
  return new ImportSession([lead, ...others], tenantId, record);
}
