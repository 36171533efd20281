// Rows ↔ wire messages for trunk groups and trunks; the caller-ID modes of the database and of the proto
// map one to one.
import { CallerIdMode, type Trunk, type TrunkGroup } from '@ringpace/proto';
import type { Prisma, Trunk as TrunkRow, TrunkGroup as TrunkGroupRow } from '@ringpace/db';

export type DbCallerIdMode = TrunkGroupRow['callerIdMode'];

const modeToProto: Record<DbCallerIdMode, CallerIdMode> = {
  rotate: CallerIdMode.ROTATE,
  region: CallerIdMode.REGION,
};

export function dbCallerIdMode(mode: CallerIdMode.ROTATE | CallerIdMode.REGION): DbCallerIdMode {
  switch (mode) {
    case CallerIdMode.ROTATE:
      return 'rotate';
    case CallerIdMode.REGION:
      return 'region';
  }
}

export function trunkToProto(row: TrunkRow): Trunk {
  return { id: row.id, nodeId: row.node, gateway: row.gatewayName, channels: row.channels, callsPerSecond: row.cps, disabled: row.disabledAt !== null };
}

export interface TrunkGroupRowWithTrunks extends TrunkGroupRow {
  readonly trunks: readonly TrunkRow[];
}

/** The `include` trunkGroupToProto needs: trunks in a stable order. */
export const trunkGroupInclude = { trunks: { orderBy: [{ node: 'asc' }, { gatewayName: 'asc' }] } } satisfies Prisma.TrunkGroupInclude;

export function trunkGroupToProto(row: TrunkGroupRowWithTrunks): TrunkGroup {
  return {
    id: row.id,
    tenantId: row.tenantId,
    name: row.name,
    callerIdMode: modeToProto[row.callerIdMode],
    trunks: row.trunks.map(trunkToProto),
    createdAt: row.createdAt,
  };
}
