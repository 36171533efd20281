// End to end: the outbound notification campaign through campaign, dialer and media processes against
// fs-sim. Every callee follows a script; the test checks each contact's final state against it, the
// retry times against the policy (simulated clock), that a closed window and a late blacklist entry keep
// their numbers from being dialed, and that the switch placed no call twice in a round.
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

const SPEED = 30;
const number = (n: number) => `+1212555${String(n).padStart(4, '0')}`;
const match = (n: number) => [number(n), number(n).slice(1)];
const answerAndPress = (digits: string) => ({ behaviour: 'answer' as const, ringMs: 1500, dtmf: [{ afterMs: 6500, digits }], hangupAfterMs: 60_000 });

// Who the numbers are, and how each must end.
const callees = [
  { n: 101, calls: [answerAndPress('#')], expect: 'confirmed', attempts: 1 },
  { n: 102, calls: [answerAndPress('#')], expect: 'confirmed', attempts: 1 },
  { n: 103, calls: [answerAndPress('#')], expect: 'confirmed', attempts: 1 },
  { n: 104, calls: [answerAndPress('2')], expect: 'refused', attempts: 1 },
  { n: 105, calls: [answerAndPress('2')], expect: 'refused', attempts: 1 },
  { n: 106, calls: [{ behaviour: 'busy' as const, ringMs: 2000 }, answerAndPress('#')], expect: 'confirmed', attempts: 2 },
  { n: 107, calls: [{ behaviour: 'busy' as const, ringMs: 2000 }, answerAndPress('#')], expect: 'confirmed', attempts: 2 },
  { n: 108, calls: [{ behaviour: 'busy' as const, ringMs: 1000 }], expect: 'exhausted', attempts: 3 },
  { n: 109, calls: [{ behaviour: 'no-answer' as const, giveUpAfterMs: 20_000 }], expect: 'exhausted', attempts: 3 },
  { n: 110, calls: [{ behaviour: 'unallocated' as const }], expect: 'invalid', attempts: 1 },
  { n: 111, calls: [{ behaviour: 'answer' as const, ringMs: 1000, hangupAfterMs: 120_000 }], expect: 'notified', attempts: 1 },
  { n: 112, calls: [{ behaviour: 'network-failure' as const }, answerAndPress('#')], expect: 'confirmed', attempts: 2 },
  { n: 113, calls: [{ behaviour: 'rejected' as const }], expect: 'exhausted', attempts: 1 },
] as const;
const BLACKLISTED_BY_API = 120;
const BLACKLISTED_IN_DB = 121;
const CLOSED_WINDOW = [130, 131, 132];

const scenario = {
  node: { sessionsPerSecond: 1000, maxSessions: 2000 },
  gateways: [{ name: GATEWAY, proxy: '192.0.2.10', maxChannels: 50 }],
  media: { ttsMsPerChar: 40 },
  callees: [
    ...callees.map((callee) => ({ match: match(callee.n), calls: [...callee.calls] })),
    { match: [...match(BLACKLISTED_BY_API), ...match(BLACKLISTED_IN_DB), ...CLOSED_WINDOW.flatMap(match)], behaviour: 'answer' as const },
  ],
  otherwise: { behaviour: 'unallocated' as const },
};

const DELAYS = { busy: 4, noAnswer: 6, networkFailure: 2 };

function csvOf(numbers: readonly number[]): string {
  return ['phone,name,amount', ...numbers.map((n) => `${number(n)},Callee ${n},${n}.00`)].join('\n') + '\n';
}

/** A one-hour window six hours from now in New York (the callees' zone, derived from +1 212). */
function closedWindowNow(nowMs: number): { start: string; end: string; opensAtLocalHour: number } {
  const hour = Number(new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hour: '2-digit', hourCycle: 'h23' }).format(nowMs));
  const start = (hour + 6) % 24;
  const pad = (h: number) => `${String(h).padStart(2, '0')}:00`;
  return { start: pad(start), end: start === 23 ? '24:00' : pad(start + 1), opensAtLocalHour: start };
}

describe('end to end › a notification campaign through every service', () => {
  let rig: Rig;
  let tenant: Tenant;
  let mainId: string;
  let closedId: string;
  let closedWindow: ReturnType<typeof closedWindowNow>;

  beforeAll(async () => {
    rig = await startRig({ scenario, speed: SPEED, verbose: process.env.E2E_VERBOSE === '1', ...(process.env.E2E_VERBOSE === '1' ? { env: { media: { LOG_LEVEL: 'debug' } } } : {}) });
    tenant = await createTenant(rig, { channels: 20, cps: 10 });
    const main = await createCampaign(tenant, {
      name: 'payment notices',
      schedule: ALWAYS_OPEN,
      retryPolicy: retryPolicy(DELAYS, 3),
      csv: csvOf([...callees.map((callee) => callee.n), BLACKLISTED_BY_API, BLACKLISTED_IN_DB]),
    });
    mainId = main.id;
    closedWindow = closedWindowNow(rig.clock.nowMs());
    const day = { windows: [{ start: closedWindow.start, end: closedWindow.end }] };
    const closed = await createCampaign(tenant, {
      name: 'closed window',
      schedule: { ...ALWAYS_OPEN, monday: day, tuesday: day, wednesday: day, thursday: day, friday: day, saturday: day, sunday: day },
      retryPolicy: retryPolicy(DELAYS, 3),
      csv: csvOf(CLOSED_WINDOW),
    });
    closedId = closed.id;
    // One number blacklisted through the API after import, one written straight to the table (a blacklist
    // the campaign service never saw): the dialer must refuse both at dial time.
    await tenant.client.addBlacklistEntries({ defaultRegion: 'US', entries: [{ phone: number(BLACKLISTED_BY_API), reason: 'asked', expiresAt: undefined, createdAt: undefined }] });
    await rig.sql.query(
      `INSERT INTO blacklist_entries (id, tenant_id, phone_e164, reason, created_at) VALUES (gen_random_uuid(), $1, $2, 'complaint', $3)`,
      [tenant.id, number(BLACKLISTED_IN_DB), new Date(rig.clock.nowMs())],
    );
    await tenant.client.startCampaign({ id: mainId });
    await tenant.client.startCampaign({ id: closedId });
  }, 120_000);

  afterAll(async () => {
    await rig?.close();
  });

  it('completes, and every contact ends as its callee behaved', async () => {
    await waitForCampaignState(rig, tenant, mainId, CampaignState.COMPLETED, 150_000);
    const contacts = await contactsOf(rig, mainId);
    const seen = Object.fromEntries(callees.map((callee) => [callee.n, { state: contacts.get(number(callee.n))?.state, attempts: contacts.get(number(callee.n))?.attempts }]));
    const wanted = Object.fromEntries(callees.map((callee) => [callee.n, { state: callee.expect, attempts: callee.attempts }]));
    expect(seen).toEqual(wanted);
    expect(contacts.get(number(BLACKLISTED_BY_API))?.state).toBe('blocked');
    expect(contacts.get(number(BLACKLISTED_IN_DB))?.state).toBe('blocked');
  }, 180_000);

  it('the switch placed exactly the attempts the database holds: one call per attempt, none for blocked numbers', async () => {
    const attempts = await attemptsOf(rig, mainId);
    const placed = rig.sim.placedCalls();
    const placedIds = placed.map((call) => call.attemptId);
    expect(new Set(placedIds).size).toBe(placedIds.length);
    expect([...placedIds].sort()).toEqual(attempts.map((attempt) => attempt.id).filter((id) => placedIds.includes(id)).sort());
    expect(attempts.every((attempt) => attempt.state === 'ended')).toBe(true);
    const numbers = new Set(placed.map((call) => call.number.replace(/^\+?/, '+')));
    expect(numbers.has(number(BLACKLISTED_BY_API))).toBe(false);
    expect(numbers.has(number(BLACKLISTED_IN_DB))).toBe(false);
    const rounds = new Set(attempts.map((attempt) => `${attempt.phone}#${attempt.round}`));
    expect(rounds.size).toBe(attempts.length);
  });

  it('retries come at the policy\'s delay after the attempt ended (simulated time)', async () => {
    const attempts = await attemptsOf(rig, mainId);
    const byPhone = new Map<string, typeof attempts>();
    for (const attempt of attempts) byPhone.set(attempt.phone, [...(byPhone.get(attempt.phone) ?? []), attempt]);
    const cases: Array<[number, number]> = [[106, DELAYS.busy], [107, DELAYS.busy], [108, DELAYS.busy], [109, DELAYS.noAnswer], [112, DELAYS.networkFailure]];
    for (const [n, delayMinutes] of cases) {
      const rounds = byPhone.get(number(n)) ?? [];
      expect(rounds.length, `attempts of ${n}`).toBeGreaterThan(1);
      for (let i = 1; i < rounds.length; i += 1) {
        const gapMs = rounds[i]!.createdAt.getTime() - rounds[i - 1]!.endedAt!.getTime();
        // Never early; late by at most a couple of simulated minutes (claim ticks and a loaded machine).
        expect(gapMs, `gap before round ${i + 1} of ${n}`).toBeGreaterThanOrEqual(delayMinutes * 60_000);
        expect(gapMs, `gap before round ${i + 1} of ${n}`).toBeLessThan((delayMinutes + 3) * 60_000);
      }
    }
  });

  it('nobody outside a calling window is dialed: they wait for the window to open', async () => {
    const contacts = await waitFor('the closed-window contacts to be scheduled', 30_000, async () => {
      const rows = await contactsOf(rig, closedId);
      return [...rows.values()].every((row) => row.nextAttemptAt !== null) ? rows : undefined;
    }, rig);
    const placedNumbers = new Set(rig.sim.placedCalls().map((call) => call.number.replace(/^\+?/, '+')));
    for (const n of CLOSED_WINDOW) {
      const row = contacts.get(number(n))!;
      expect(row.state).toBe('pending');
      expect(row.attempts).toBe(0);
      expect(placedNumbers.has(number(n))).toBe(false);
      const opens = row.nextAttemptAt!;
      const localHour = Number(new Intl.DateTimeFormat('en-US', { timeZone: 'America/New_York', hour: '2-digit', hourCycle: 'h23' }).format(opens));
      expect(localHour).toBe(closedWindow.opensAtLocalHour);
      expect(opens.getUTCMinutes()).toBe(0);
      expect(opens.getTime()).toBeGreaterThan(rig.clock.nowMs());
    }
    const { campaign } = await tenant.client.getCampaign({ id: closedId });
    expect(campaign?.state).toBe(CampaignState.RUNNING);
  });
});
