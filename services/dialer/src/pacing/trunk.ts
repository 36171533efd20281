// A trunk as the dialer paces it: a gateway on one FreeSWITCH node with its channel and CPS budgets, and
// the caller ID mode of the trunk group it belongs to.
import type { PrismaClient } from '@ringpace/db';
import type { CallerIdMode } from '../claim/caller-id.js';
import type { Sql } from '../db/sql.js';

export interface Trunk {
  readonly id: string;
  readonly tenantId: string;
  readonly trunkGroupId: string;
  /** The FreeSWITCH node (media instance) hosting the gateway. */
  readonly nodeId: string;
  readonly gateway: string;
  readonly channels: number;
  readonly cps: number;
  readonly callerIdMode: CallerIdMode;
}

/** Every enabled trunk of every tenant, in a stable order (the lease share is computed over it). */
export async function enabledTrunks(prisma: PrismaClient): Promise<Trunk[]> {
  const rows = await prisma.trunk.findMany({
    where: { disabledAt: null },
    select: { id: true, tenantId: true, trunkGroupId: true, node: true, gatewayName: true, channels: true, cps: true, trunkGroup: { select: { callerIdMode: true } } },
    orderBy: { id: 'asc' },
  });
  return rows.map((row) => ({
    id: row.id,
    tenantId: row.tenantId,
    trunkGroupId: row.trunkGroupId,
    nodeId: row.node,
    gateway: row.gatewayName,
    channels: row.channels,
    cps: row.cps,
    callerIdMode: row.trunkGroup.callerIdMode,
  }));
}

/** Attempts still open (dialing, ringing, answered) per trunk, from the database. */
export async function openAttemptsByTrunk(sql: Sql, trunkIds: readonly string[]): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  if (trunkIds.length === 0) return counts;
  const { rows } = await sql.query<{ trunk_id: string; open: number }>(
    `SELECT trunk_id, count(*)::int AS open FROM attempts
      WHERE trunk_id = ANY($1::uuid[]) AND state IN ('dialing', 'ringing', 'answered')
      GROUP BY trunk_id`,
    [[...trunkIds]],
  );
  for (const row of rows) counts.set(row.trunk_id, row.open);
  return counts;
}
