// Chaos: a campaign keeps going while one of two dialers is killed, the media process is killed and comes
// back, the ESL connection drops and NATS restarts. It must complete with every outcome accounted for and
// no number called twice in one round — checked against the switch's own record of the calls it placed.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ALWAYS_OPEN,
  CampaignState,
  GATEWAY,
  attemptsOf,
  contactsOf,
  createCampaign,
  createTenant,
  retryPolicy,
  startRig,
  waitFor,
  waitForCampaignState,
  type Rig,
  type Tenant,
} from './harness.js';
import { natsServerBinary, startPrivateNats, type PrivateNats } from './private-nats.js';

const SPEED = 20;
const SECOND_GATEWAY = 'carrier-b';
const CONTACTS = 120;
const number = (i: number) => `+1212555${String(2000 + i).padStart(4, '0')}`;
const FINAL_STATES = new Set(['confirmed', 'refused', 'notified', 'invalid', 'exhausted', 'blocked']);

// A mixed crowd: most answer and confirm after a while (calls stay up across the faults), some are busy
// once, some never answer, some numbers are dead.
const scenario = {
  node: { sessionsPerSecond: 1000, maxSessions: 2000 },
  gateways: [{ name: GATEWAY, proxy: '192.0.2.10', maxChannels: 40 }, { name: SECOND_GATEWAY, proxy: '192.0.2.11', maxChannels: 40 }],
  media: { ttsMsPerChar: 40 },
  callees: [
    { match: '/^\\+?121255520[0-5]\\d$/', behaviour: 'answer' as const, ringMs: [1000, 4000] as [number, number], dtmf: [{ afterMs: 6500, digits: '#' }], hangupAfterMs: 60_000 },
    { match: '/^\\+?121255520[6-8]\\d$/', calls: [{ behaviour: 'busy' as const, ringMs: 1000 }, { behaviour: 'answer' as const, ringMs: 1000, dtmf: [{ afterMs: 6500, digits: '#' }], hangupAfterMs: 60_000 }] },
    { match: '/^\\+?121255520(9\\d)$/', behaviour: 'no-answer' as const, giveUpAfterMs: 15_000 },
    { match: '/^\\+?12125552(1\\d\\d)$/', mix: [{ behaviour: 'answer' as const, weight: 3, ringMs: 2000, dtmf: [{ afterMs: 6500, digits: '#' }], hangupAfterMs: 60_000 }, { behaviour: 'unallocated' as const, weight: 1 }] },
  ],
  otherwise: { behaviour: 'unallocated' as const },
};

const nats = natsServerBinary();

describe.skipIf(nats === undefined)('chaos › the campaign survives dialer, media, ESL and NATS failures', () => {
  let rig: Rig;
  let tenant: Tenant;
  let campaignId: string;
  let privateNats: PrivateNats;

  beforeAll(async () => {
    privateNats = await startPrivateNats(nats!);
    // Short leases, so the killed dialer's trunks move to the other one within seconds.
    rig = await startRig({
      scenario, speed: SPEED, dialers: 2, natsUrl: privateNats.url, verbose: process.env.E2E_VERBOSE === '1',
      env: { dialer: { DIALER_LEASE_TTL_MS: '4000', DIALER_LEASE_RENEW_MS: '1500' } },
    });
    // Two trunks, so each dialer holds one and killing either moves a lease.
    tenant = await createTenant(rig, { channels: 15, cps: 8, gateways: [GATEWAY, SECOND_GATEWAY] });
    const csv = ['phone,name,amount', ...Array.from({ length: CONTACTS }, (_, i) => `${number(i)},Callee ${i},${i}.00`)].join('\n') + '\n';
    const campaign = await createCampaign(tenant, { name: 'chaos', schedule: ALWAYS_OPEN, retryPolicy: retryPolicy({ busy: 2, noAnswer: 3, networkFailure: 1 }, 3), csv });
    campaignId = campaign.id;
    await tenant.client.startCampaign({ id: campaignId });
  }, 120_000);

  afterAll(async () => {
    await rig?.close();
    await privateNats?.stop();
  });

  it('completes with every contact final, every attempt ended, and no number dialed twice in one round', async () => {
    const callsUp = () => waitFor('calls in progress', 60_000, () => Promise.resolve(rig.sim.channelCount() >= 5 ? true : undefined), rig);

    const leasesHeld = async (name: string) => Number(/^ringpace_dialer_leases_held (\d+)/m.exec(await rig.stack.get(name).metrics())?.[1] ?? 0);
    await waitFor('each dialer to hold one trunk', 30_000, async () => ((await leasesHeld('dialer-1')) === 1 && (await leasesHeld('dialer-2')) === 1 ? true : undefined), rig);
    await callsUp();
    await rig.stack.get('dialer-1').kill('SIGKILL');
    // The dead pod's trunk moves to the live one once its lease expires.
    await waitFor('dialer-2 to take over the dead pod\'s trunk', 30_000, async () => ((await leasesHeld('dialer-2')) === 2 ? true : undefined), rig);

    await callsUp();
    await rig.stack.get('media-1').kill('SIGKILL');
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    await rig.stack.get('media-1').restart();

    await callsUp();
    rig.sim.fault.drop();

    await callsUp();
    await privateNats.restart(2_000);

    await waitForCampaignState(rig, tenant, campaignId, CampaignState.COMPLETED, 240_000);

    const contacts = await contactsOf(rig, campaignId);
    expect(contacts.size).toBe(CONTACTS);
    const notFinal = [...contacts.values()].filter((contact) => !FINAL_STATES.has(contact.state));
    expect(notFinal).toEqual([]);

    const attempts = await attemptsOf(rig, campaignId);
    expect(attempts.filter((attempt) => attempt.state !== 'ended' && attempt.state !== 'lost')).toEqual([]);
    expect(attempts.filter((attempt) => attempt.outcome === null)).toEqual([]);

    // The switch's own record: one call per attempt id, and never two calls of one number in one round.
    const placed = rig.sim.placedCalls();
    const ids = placed.map((call) => call.attemptId);
    expect(ids.filter((id, index) => ids.indexOf(id) !== index)).toEqual([]);
    const attemptById = new Map(attempts.map((attempt) => [attempt.id, attempt]));
    const rounds = placed.map((call) => {
      const attempt = attemptById.get(call.attemptId ?? '');
      return attempt === undefined ? `unknown attempt ${call.attemptId}` : `${attempt.phone}#${attempt.round}`;
    });
    expect(rounds.filter((round) => round.startsWith('unknown'))).toEqual([]);
    expect(rounds.filter((round, index) => rounds.indexOf(round) !== index)).toEqual([]);
    // Each contact's attempt count agrees with the rounds recorded.
    for (const contact of contacts.values()) {
      expect(attempts.filter((attempt) => attempt.phone === contact.phone).length, contact.phone).toBe(contact.attempts);
    }
  }, 300_000);
});
