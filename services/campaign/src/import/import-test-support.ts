// Shared by the import's database tests and its benchmark: a tenant with a campaign in a fresh
// database, files as bytes, and chunk streams that can break on purpose.
import { randomUUID } from 'node:crypto';
import { setImmediate as nextTurn } from 'node:timers/promises';
import type { Clock } from '@ringpace/clock';
import type { Db } from '@ringpace/db';
import { silentLogger } from '@ringpace/log';
import { ImportFormat, ImportHeader } from '@ringpace/proto';
import { runContactImport } from './run-contact-import.js';

export interface TenantFixture {
  readonly tenantId: string;
  readonly campaignId: string;
}

export async function createTenantWithCampaign(db: Db, now: Date, options: { excludedNumberTypes?: string[]; region?: string } = {}): Promise<TenantFixture> {
  const tenantId = randomUUID();
  const campaignId = randomUUID();
  await db.pool.query({ text: 'INSERT INTO tenants (id, name, created_at, updated_at) VALUES ($1, $2, $3, $3)', values: [tenantId, `tenant ${tenantId}`, now] });
  await createCampaign(db, tenantId, campaignId, now, options);
  return { tenantId, campaignId };
}

export async function createCampaign(db: Db, tenantId: string, campaignId: string, now: Date, options: { excludedNumberTypes?: string[]; region?: string } = {}): Promise<void> {
  await db.pool.query({
    text: `INSERT INTO campaigns (id, tenant_id, name, default_region, timezone, dial_mode, max_concurrent_calls, excluded_number_types, created_at, updated_at)
           VALUES ($1, $2, 'Payment reminders', $3, 'Asia/Shanghai', 'notification', 30, $4, $5, $5)`,
    values: [campaignId, tenantId, options.region ?? 'CN', options.excludedNumberTypes ?? ['PREMIUM_RATE'], now],
  });
}

export function importHeader(fixture: { campaignId: string }, overrides: Partial<ImportHeader> = {}): ImportHeader {
  return {
    ...ImportHeader.fromPartial({
      campaignId: fixture.campaignId,
      importId: randomUUID(),
      format: ImportFormat.CSV,
      hasHeader: true,
      columns: { phone: 'tel', name: 'name', timezone: '', fields: {} },
    }),
    ...overrides,
  };
}

/** The bytes in chunks of `size`; `breakAfter` chunks in, the stream fails as a dropped connection would. */
export async function* chunksOf(bytes: Uint8Array, size = 64 * 1024, breakAfter?: number): AsyncGenerator<Uint8Array> {
  let sent = 0;
  for (let at = 0; at < bytes.length; at += size) {
    // One event-loop turn per chunk, as a socket delivers them.
    await nextTurn();
    if (breakAfter !== undefined && sent >= breakAfter) throw new Error('connection reset by peer');
    yield bytes.subarray(at, at + size);
    sent += 1;
  }
}

export function runImport(db: Db, clock: Clock, tenantId: string, header: ImportHeader, chunks: AsyncIterable<Uint8Array>, batchSize?: number) {
  return runContactImport({ pool: db.pool, clock, tenantId, header, chunks, signal: new AbortController().signal, log: silentLogger(), ...(batchSize === undefined ? {} : { batchSize }) });
}
