// A campaign names its trunk group by id; only a group of the campaign's own tenant can be named, and
// another tenant's group answers exactly like one that does not exist.
import { NotFoundError } from '@ringpace/errors';
import type { PrismaClient } from '@ringpace/db';

/** Checks that the tenant owns the group; `field` is the request path reported on NOT_FOUND. */
export async function requireOwnTrunkGroup(prisma: PrismaClient, tenantId: string, trunkGroupId: string, field: string): Promise<string> {
  const found = await prisma.trunkGroup.findFirst({ where: { id: trunkGroupId, tenantId }, select: { id: true } });
  if (found === null) throw new NotFoundError(`${field}: trunk group`, trunkGroupId);
  return found.id;
}

/** Whether the group has a trunk calls can leave through. */
export async function hasEnabledTrunk(prisma: PrismaClient, trunkGroupId: string): Promise<boolean> {
  return (await prisma.trunk.count({ where: { trunkGroupId, disabledAt: null } })) > 0;
}
