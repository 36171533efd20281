// Trunk groups: the carrier gateways a tenant's campaigns dial through.
import { AppError } from '@ringpace/errors';
import type { PrismaClient } from '@ringpace/db';
import type { Clock } from '@ringpace/clock';

export function trunkHandlers(_deps: { prisma: PrismaClient; clock: Clock }) {
  const pending = async (): Promise<never> => {
    throw new AppError('trunk groups are not served by this build yet', { code: 'FAILED_PRECONDITION', retryable: false });
  };
  return { createTrunkGroup: pending, getTrunkGroup: pending, listTrunkGroups: pending, setTrunkDisabled: pending };
}
