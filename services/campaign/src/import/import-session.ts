// An open import's writes. Each batch is one transaction — contacts, rejections, counts, committed_rows —
// so the database holds whole batches or none, which is what makes resuming exact. Batches run on
// several pooled connections at once (index upkeep dominates the cost of an insert) but commit strictly
// in file order: a batch does its inserts, then waits for the batch before it to commit, then moves
// committed_rows on from exactly where that one left it, or rolls back.
import type { Db } from '@ringpace/db';
import { FailedPreconditionError } from '@ringpace/errors';
import { RejectReason } from '@ringpace/proto';
import { uuidV7Batch } from './contact-ids.js';
import type { ImportCountsState, ImportRecord, ImportStatusName } from './import-summary.js';
import { maskRaw, type Candidate, type Rejection } from './row-classifier.js';

type Pool = Db['pool'];
// pg's connect() is overloaded (promise or callback); the call without arguments names the client type.
export const connectClient = (pool: Pool) => pool.connect();
export type PoolClient = Awaited<ReturnType<typeof connectClient>>;

/** The unique index that refuses a number the campaign already has. */
const CAMPAIGN_NUMBER_KEY = 'contacts_campaign_id_phone_e164_key';

function isCampaignNumberConflict(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '23505' && 'constraint' in error && error.constraint === CAMPAIGN_NUMBER_KEY;
}

/** Rows read since the last batch, in file order. */
export class Batch {
  records = 0;
  readonly candidates: Candidate[] = [];
  readonly rejections: Rejection[] = [];
}

export interface BatchResult {
  readonly accepted: number;
  readonly rejected: number;
}

interface ReportRow {
  readonly line: number;
  readonly reason: RejectReason;
  readonly rawMasked: string;
  readonly detail: string;
}

/** The advisory lock key of an import: the first 64 bits of its UUID, as PostgreSQL's signed bigint. */
export function importLockKey(importId: string): string {
  return BigInt.asIntN(64, BigInt(`0x${importId.replace(/-/g, '').slice(0, 16)}`)).toString();
}

export async function unlockImport(client: PoolClient, importId: string): Promise<void> {
  await client.query({ text: 'SELECT pg_advisory_unlock($1::bigint)', values: [importLockKey(importId)] });
}

/**
 * `clients[0]` holds the import's advisory lock; the others only write batches. Every statement runs
 * under the pool's statement and query timeouts.
 */
export class ImportSession {
  private state: ImportRecord;
  private next = 0;
  /** Settles when the last scheduled batch has committed or failed; the next batch's commit waits for it. */
  private lastCommit: Promise<void> = Promise.resolve();
  /** Per connection: settles when its last batch is done, so a connection never carries two at once. */
  private readonly idle: Promise<unknown>[];
  private closed = false;
  /**
   * Whether a batch has met numbers the campaign already had. Until then contacts are inserted plainly:
   * ON CONFLICT costs ~1.8 µs of the database's time per row even when nothing conflicts (a probe of
   * the arbiter index before each row, a speculative insertion to confirm after it), and most imports
   * bring numbers the campaign does not have. The first conflict rolls its batch back; the batch is
   * written again, and every later one, with the conflict target.
   */
  private campaignHadNumbers = false;

  constructor(
    private readonly clients: readonly PoolClient[],
    private readonly tenantId: string,
    record: ImportRecord,
  ) {
    this.state = record;
    this.idle = clients.map(() => Promise.resolve());
  }

  get record(): ImportRecord {
    return this.state;
  }

  /** How many batches may be in flight: one per connection. */
  get writers(): number {
    return this.clients.length;
  }

  /**
   * Stores one batch: the tenant's blacklist (entries not expired at `now`) and the campaign's numbers
   * decide which candidates become contacts; everything else becomes a rejection. `final` also marks
   * the import completed, in the same transaction.
   */
  commit(batch: Batch, final: boolean, now: Date): Promise<BatchResult> {
    const index = this.next;
    this.next += 1;
    const client = this.clients[index % this.clients.length]!;
    const previous = this.lastCommit;
    const work = this.idle[index % this.clients.length]!.then(() => this.write(client, batch, final, now, previous));
    this.idle[index % this.clients.length] = work.catch(() => undefined);
    this.lastCommit = work.then(() => undefined);
    // Handled here so that a failure nobody waits for yet is not an unhandled rejection; the next batch still sees it.
    this.lastCommit.catch(() => undefined);
    return work;
  }

  private async write(client: PoolClient, batch: Batch, final: boolean, now: Date, previous: Promise<void>): Promise<BatchResult> {
    const guarded = this.campaignHadNumbers;
    try {
      return await this.writeOnce(client, batch, final, now, previous, guarded);
    } catch (error) {
      if (guarded || !isCampaignNumberConflict(error)) throw error;
      this.campaignHadNumbers = true;
      return this.writeOnce(client, batch, final, now, previous, true);
    }
  }

  private async writeOnce(client: PoolClient, batch: Batch, final: boolean, now: Date, previous: Promise<void>, guarded: boolean): Promise<BatchResult> {
    const rejections: ReportRow[] = [...batch.rejections];
    await client.query('BEGIN');
    try {
      // Durability of every batch but the last may lag by a fraction of a second: a crash then loses
      // whole batches, and committed_rows with them, so the resume starts earlier — never a gap.
      if (!final) await client.query("SET LOCAL synchronous_commit = 'off'");
      const candidates = await this.withoutBlacklisted(client, batch.candidates, rejections, now);
      const accepted = await this.insertContacts(client, candidates, rejections, now, guarded);
      if (rejections.length > 0) {
        await client.query({
          text: `INSERT INTO import_rejections (import_id, line, reason, raw_masked, detail)
                 SELECT $1, u.line, u.reason, u.raw, u.detail FROM unnest($2::int[], $3::text[], $4::text[], $5::text[]) AS u(line, reason, raw, detail)`,
          values: [this.state.id, rejections.map((r) => r.line), rejections.map((r) => r.reason), rejections.map((r) => r.rawMasked), rejections.map((r) => r.detail)],
        });
      }
      try {
        await previous;
      } catch (error) {
        throw new Error('an earlier batch of this import failed', { cause: error });
      }
      const before = this.state;
      const byReason = { ...before.counts.byReason };
      for (const rejection of rejections) byReason[rejection.reason] = (byReason[rejection.reason] ?? 0) + 1;
      const counts: ImportCountsState = { read: before.counts.read + batch.records, accepted: before.counts.accepted + accepted, rejected: before.counts.rejected + rejections.length, byReason };
      const committedRows = before.committedRows + batch.records;
      const status: ImportStatusName = final ? 'completed' : 'running';
      // committed_rows is also a fence: were another writer to have moved it, this batch stores nothing.
      const updated = await client.query({
        text: `UPDATE contact_imports SET read_rows = $3, accepted_rows = $4, rejected_rows = $5, rejected_by_reason = $6::jsonb,
                 committed_rows = $7, status = $8::import_status, error = NULL, updated_at = $9
               WHERE id = $1 AND committed_rows = $2`,
        values: [before.id, before.committedRows, counts.read, counts.accepted, counts.rejected, JSON.stringify(byReason), committedRows, status, now],
      });
      if (updated.rowCount !== 1) throw new FailedPreconditionError(`import ${before.id} was changed by another writer; send the file again to resume it`);
      await client.query('COMMIT');
      this.state = { ...before, counts, committedRows, status, error: null, updatedAt: now };
      return { accepted, rejected: rejections.length };
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    }
  }

  private async withoutBlacklisted(client: PoolClient, candidates: readonly Candidate[], rejections: ReportRow[], now: Date): Promise<readonly Candidate[]> {
    if (candidates.length === 0) return candidates;
    const blocked = await client.query<{ phone_e164: string }>({
      text: `SELECT phone_e164 FROM blacklist_entries
             WHERE tenant_id = $1 AND phone_e164 = ANY($2::text[]) AND (expires_at IS NULL OR expires_at > $3)`,
      values: [this.tenantId, candidates.map((candidate) => candidate.phoneE164), now],
    });
    if (blocked.rows.length === 0) return candidates;
    const numbers = new Set(blocked.rows.map((row) => row.phone_e164));
    for (const candidate of candidates) {
      if (numbers.has(candidate.phoneE164)) rejections.push({ line: candidate.line, reason: RejectReason.BLACKLISTED, rawMasked: maskRaw(candidate.raw), detail: "on the tenant's blacklist" });
    }
    return candidates.filter((candidate) => !numbers.has(candidate.phoneE164));
  }

  /**
   * Inserts the candidates; `guarded`, only those the campaign does not have yet, the rest becoming
   * DUPLICATE_IN_CAMPAIGN (unguarded, such a number fails the statement). Returns how many were new.
   * The conflict target names the one unique index that can refuse a row: without it every unique
   * index of the table is checked before each row is inserted. Nothing comes back per row: the ids are
   * made here (time-ordered, see contact-ids.ts), so when fewer rows went in than were sent, the ids
   * not in the table are the numbers the campaign had before.
   */
  private async insertContacts(client: PoolClient, candidates: readonly Candidate[], rejections: ReportRow[], now: Date, guarded: boolean): Promise<number> {
    if (candidates.length === 0) return 0;
    const { id, campaignId, listId } = this.state;
    const ids = uuidV7Batch(candidates.length, now.getTime());
    const inserted = await client.query({
      text: `INSERT INTO contacts (id, tenant_id, campaign_id, list_id, phone_e164, name, fields, timezone, state, next_attempt_at,
                                   attempt_count, source_line, import_id, created_at, updated_at)
             SELECT u.id, $1, $2, $3, u.phone, u.name, u.fields::jsonb, u.zone, 'pending', $4, 0, u.line, $5, $4, $4
             FROM unnest($6::uuid[], $7::text[], $8::text[], $9::text[], $10::text[], $11::int[]) AS u(id, phone, name, fields, zone, line)
             ${guarded ? 'ON CONFLICT (campaign_id, phone_e164) DO NOTHING' : ''}`,
      values: [
        this.tenantId,
        campaignId,
        listId,
        now,
        id,
        // Uuids, E.164 numbers and line numbers need no quoting: written as array literals directly.
        `{${ids.join(',')}}`,
        `{${candidates.map((candidate) => candidate.phoneE164).join(',')}}`,
        candidates.map((candidate) => candidate.name),
        candidates.map((candidate) => candidate.fieldsJson),
        candidates.map((candidate) => candidate.timezone),
        `{${candidates.map((candidate) => candidate.line).join(',')}}`,
      ],
    });
    const stored = inserted.rowCount ?? 0;
    if (stored < candidates.length) {
      const absent = await client.query<{ at: number }>({
        text: 'SELECT u.at::int AS at FROM unnest($1::uuid[]) WITH ORDINALITY AS u(id, at) WHERE NOT EXISTS (SELECT 1 FROM contacts c WHERE c.id = u.id)',
        values: [`{${ids.join(',')}}`],
      });
      for (const { at } of absent.rows) {
        const candidate = candidates[at - 1]!;
        rejections.push({ line: candidate.line, reason: RejectReason.DUPLICATE_IN_CAMPAIGN, rawMasked: maskRaw(candidate.raw), detail: 'the campaign already has this number' });
      }
    }
    return stored;
  }

  /** Records how the import ended when it did not complete: 'interrupted' (resumable) or 'failed' (nothing stored). Call once no batch is in flight. */
  async end(status: 'interrupted' | 'failed', error: string, now: Date): Promise<void> {
    await this.clients[0]!.query({
      text: 'UPDATE contact_imports SET status = $2::import_status, error = $3, updated_at = $4 WHERE id = $1',
      values: [this.state.id, status, error.slice(0, 2_000), now],
    });
    this.state = { ...this.state, status, error, updatedAt: now };
  }

  /** Releases the lock and the connections; after a failure they are dropped rather than reused. */
  async close(broken: boolean): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const [lead, ...writers] = this.clients;
    for (const writer of writers) writer.release(broken);
    if (lead === undefined) return;
    if (broken) {
      lead.release(true);
      return;
    }
    try {
      await unlockImport(lead, this.state.id);
      lead.release();
    } catch (error) {
      lead.release(true);
      throw error;
    }
  }
}
