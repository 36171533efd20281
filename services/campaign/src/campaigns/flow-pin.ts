// Resolves the flow version a campaign pins: a given version, or the latest when version is 0.
import { ValidationError } from '@ringpace/errors';
import type { PrismaClient } from '@ringpace/db';

export async function pinFlowVersion(prisma: PrismaClient, tenantId: string, flowId: string, version: number): Promise<string> {
  const found = await prisma.flowVersion.findFirst({
    where: { tenantId, flowId, ...(version === 0 ? {} : { version }) },
    orderBy: { version: 'desc' },
    select: { id: true },
  });
  if (found === null) {
    throw new ValidationError([version === 0 ? { field: 'flow_id', message: 'no such flow for this tenant' } : { field: 'flow_version', message: `flow has no version ${version}` }]);
  }
  return found.id;
}
