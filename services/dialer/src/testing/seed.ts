// Rows a dialer test needs: a tenant with a trunk group and trunks, a pinned flow, a schedule, a retry
// policy and a running campaign with contacts. Used only by tests.
import { randomUUID } from 'node:crypto';
import type { PrismaClient } from '@ringpace/db';
import type { RetryPolicyInput, ScheduleInput } from '@ringpace/policy';

export const ALL_DAY = { start: '00:00', end: '24:00' };
export const EVERY_DAY_ALL_DAY: ScheduleInput['windows'] = { mon: [ALL_DAY], tue: [ALL_DAY], wed: [ALL_DAY], thu: [ALL_DAY], fri: [ALL_DAY], sat: [ALL_DAY], sun: [ALL_DAY] };

export interface SeedOptions {
  readonly now: Date;
  readonly trunks?: number;
  readonly channels?: number;
  readonly cps?: number;
  readonly node?: string;
  readonly callerIdMode?: 'rotate' | 'region';
  readonly callerIds?: readonly string[];
  readonly windows?: ScheduleInput['windows'];
  readonly scheduleHolidays?: readonly { date: string; name: string }[];
  readonly retryPolicy?: RetryPolicyInput;
  readonly maxConcurrentCalls?: number;
  readonly state?: 'running' | 'paused' | 'ready';
  /** E.164 numbers, or how many to make up (+8613800000000 onwards). */
  readonly contacts: number | readonly string[];
  /** Reuse this tenant and trunk group (a second campaign on the same trunks). */
  readonly reuse?: SeededCampaign;
}

export interface SeededCampaign {
  readonly tenantId: string;
  readonly campaignId: string;
  readonly trunkGroupId: string;
  readonly trunkIds: readonly string[];
  readonly contactIds: readonly string[];
  readonly flowId: string;
  readonly flowVersion: number;
}

export function phoneNumbers(count: number, base = 8613800000000): string[] {
  return Array.from({ length: count }, (_, i) => `+${base + i}`);
}

export async function seedCampaign(prisma: PrismaClient, options: SeedOptions): Promise<SeededCampaign> {
  const now = options.now;
  const stamp = { createdAt: now, updatedAt: now };
  const tag = randomUUID().slice(0, 8);
  let tenantId: string;
  let trunkGroupId: string;
  let trunkIds: string[];
  if (options.reuse === undefined) {
    tenantId = (await prisma.tenant.create({ data: { name: `tenant-${tag}`, ...stamp } })).id;
    trunkGroupId = (await prisma.trunkGroup.create({ data: { tenantId, name: `group-${tag}`, callerIdMode: options.callerIdMode ?? 'rotate', ...stamp } })).id;
    trunkIds = [];
    for (let i = 0; i < (options.trunks ?? 1); i += 1) {
      const trunk = await prisma.trunk.create({
        data: { tenantId, trunkGroupId, node: options.node ?? 'fs1', gatewayName: `gw${i + 1}`, channels: options.channels ?? 10, cps: options.cps ?? 100, ...stamp },
      });
      trunkIds.push(trunk.id);
    }
  } else {
    ({ tenantId, trunkGroupId } = options.reuse);
    trunkIds = [...options.reuse.trunkIds];
  }
  const flow = await prisma.flow.create({ data: { tenantId, name: `flow-${tag}`, ...stamp } });
  const flowVersion = await prisma.flowVersion.create({ data: { tenantId, flowId: flow.id, version: 1, document: { start: 'hello' }, createdAt: now } });
  const schedule = await prisma.schedule.create({
    data: { tenantId, name: `schedule-${tag}`, timezone: 'Asia/Shanghai', windows: options.windows ?? EVERY_DAY_ALL_DAY, holidays: [...(options.scheduleHolidays ?? [])], ...stamp },
  });
  const policy = options.retryPolicy ?? {};
  const retryPolicy = await prisma.retryPolicy.create({
    data: { tenantId, name: `policy-${tag}`, maxAttempts: (policy as { maxAttemptsTotal?: number }).maxAttemptsTotal ?? 3, rules: (policy as { rules?: object }).rules ?? {}, ...stamp },
  });
  const campaign = await prisma.campaign.create({
    data: {
      tenantId,
      name: `campaign-${tag}`,
      state: options.state ?? 'running',
      defaultRegion: 'CN',
      timezone: 'Asia/Shanghai',
      callerIds: [...(options.callerIds ?? ['+861065550001'])],
      dialMode: 'notification',
      maxConcurrentCalls: options.maxConcurrentCalls ?? 0,
      flowVersionId: flowVersion.id,
      scheduleId: schedule.id,
      retryPolicyId: retryPolicy.id,
      trunkGroupId,
      ...stamp,
    },
  });
  const list = await prisma.contactList.create({ data: { tenantId, campaignId: campaign.id, name: `list-${tag}`, createdAt: now } });
  const phones = typeof options.contacts === 'number' ? phoneNumbers(options.contacts) : options.contacts;
  const contactIds: string[] = [];
  for (const [index, phone] of phones.entries()) {
    const contact = await prisma.contact.create({
      data: { tenantId, campaignId: campaign.id, listId: list.id, phoneE164: phone, name: `Callee ${index + 1}`, fields: { amount: '42.00', due: '2026-12-01' }, ...stamp },
    });
    contactIds.push(contact.id);
  }
  return { tenantId, campaignId: campaign.id, trunkGroupId, trunkIds, contactIds, flowId: flow.id, flowVersion: 1 };
}
