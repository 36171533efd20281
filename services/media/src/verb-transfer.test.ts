import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EventName } from '@ringpace/esl';
import { CallOutcome } from '@ringpace/proto';
import { CALLER_ID, effectOf, exactly, kindsIn, onlyPayload, startFlowHarness, type FlowHarness } from './flow-harness.js';

const QUEUE_CONTEXT = 'spec_queues';

/** Callees of the campaign. */
const Callee = {
  /** Answers after 1 s, talks to whoever it is put through to, hangs up 20 s after answering. */
  Talks: '+15550000011',
  /** Answers after 1 s and never hangs up: the flow or the dialplan ends the call. */
  Stays: '+15550000012',
} as const;

/** Far ends a transfer reaches. */
const Adviser = {
  /** Answers after 2 s and stays until the caller leaves. */
  Answers: '+15550000021',
  Busy: '+15550000022',
  /** The billing team's agent the queue's dialplan rings: answers after 1 s, hangs up 3 s later. */
  Billing: '+15550000023',
} as const;

const NUMBER_FLOW = `
format: 1
start: hello
results: [adviser_unreachable]
nodes:
  hello:
    verb: say
    text: Connecting you to your adviser.
    next: connect
  connect:
    verb: transfer
    to: { number: "{adviser}" }
    timeout: 10s
    onFail: sorry
  sorry:
    verb: say
    text: Your adviser cannot take your call now.
    next: bye
  bye:
    verb: hangup
    result: adviser_unreachable
`;

const QUEUE_FLOW = `
format: 1
start: hello
results: [handed_to_billing, adviser_unreachable]
nodes:
  hello:
    verb: say
    text: Please hold for the billing team.
    next: queue
  queue:
    verb: transfer
    to: { queue: billing }
    result: handed_to_billing
    onFail: bye
  bye:
    verb: hangup
    result: adviser_unreachable
`;

let h: FlowHarness;
beforeAll(async () => {
  h = await startFlowHarness({
    scenario: {
      gateways: [{ name: 'carrier', proxy: 'sip.carrier.example:5060' }],
      media: { files: { 'queue/hold.wav': 2000 } },
      callees: [
        { match: exactly(Callee.Talks), behaviour: 'answer', ringMs: 1000, hangupAfterMs: 20_000 },
        { match: exactly(Callee.Stays), behaviour: 'answer', ringMs: 1000 },
        { match: exactly(Adviser.Answers), behaviour: 'answer', ringMs: 2000 },
        { match: exactly(Adviser.Busy), behaviour: 'busy' },
        { match: exactly(Adviser.Billing), behaviour: 'answer', ringMs: 1000, hangupAfterMs: 3000 },
      ],
      // The queue's dialplan: hold music, then the agent; the extension ends when the agent leaves.
      dialplan: { [QUEUE_CONTEXT]: { billing: ['playback queue/hold.wav', `bridge sofia/gateway/carrier/${Adviser.Billing}`] } },
    },
    flows: { number: NUMBER_FLOW, queue: QUEUE_FLOW },
    settings: { queueContext: QUEUE_CONTEXT },
  });
});
afterAll(async () => {
  await h?.close();
});

function flowResultSeen(attemptId: string): boolean {
  return h.eventsOf(attemptId).some((event) => event.payload?.$case === 'callFlowResult');
}

function executes(uuid: string) {
  return h.switchEventsOf(uuid).filter((event) => event.name === EventName.ChannelExecute);
}

describe('transfer verb', () => {
  it('transfer › to a number that answers bridges through the call\'s gateway, and the call leaves the flow until the callee hangs up', async () => {
    const attemptId = await h.call('number', { destination: Callee.Talks, contactFields: { name: 'Li', adviser: Adviser.Answers } });
    await h.waitFor('the flow result', () => flowResultSeen(attemptId));

    // The flow is over while both legs talk: the result is out, the hangup is not.
    expect(onlyPayload(h.eventsOf(attemptId), 'callFlowResult').result).toBe('transferred');
    expect(kindsIn(h.eventsOf(attemptId))).not.toContain('callHangup');
    const bridge = h.switchEventsOf(attemptId).find((event) => event.name === EventName.ChannelBridge);
    expect(bridge).toBeDefined();
    const adviserLeg = bridge!.headers.get('Bridge-B-Unique-ID') ?? '';
    const live = h.sim.channels().map((channel) => channel.uuid);
    expect(live).toEqual(expect.arrayContaining([attemptId, adviserLeg]));
    const placed = h.sim.placedCalls().find((call) => call.uuid === adviserLeg);
    expect(placed).toMatchObject({ number: Adviser.Answers, gateway: 'carrier' });
    const bridgeApp = executes(attemptId).find((event) => event.headers.get('Application') === 'bridge');
    expect(bridgeApp?.headers.get('Application-Data')).toBe(`{originate_timeout=10,origination_caller_id_number=${CALLER_ID}}sofia/gateway/carrier/${Adviser.Answers}`);

    const events = await h.ended(attemptId);
    // Nothing was sent to the channel after the bridge: the callee's hang-up ended the call.
    expect(executes(attemptId).at(-1)?.headers.get('Application')).toBe('bridge');
    expect(h.sim.channels().map((channel) => channel.uuid)).not.toContain(adviserLeg);
    expect(kindsIn(events).filter((kind) => kind !== 'callRinging')).toEqual(['callOriginated', 'callAnswered', 'callFlowResult', 'callHangup']);
    const hangup = onlyPayload(events, 'callHangup');
    expect(hangup).toMatchObject({ outcome: CallOutcome.ANSWERED, hangupCause: 'NORMAL_CLEARING' });
    expect(hangup.billsecMs).toBeGreaterThan(0);
  });

  it('transfer › to a busy number keeps the callee on the line and goes on at onFail', async () => {
    const attemptId = await h.call('number', { destination: Callee.Stays, contactFields: { name: 'Li', adviser: Adviser.Busy } });
    const events = await h.ended(attemptId);

    const bridgeDone = h.switchEventsOf(attemptId).find((event) => event.name === EventName.ChannelExecuteComplete && event.headers.get('Application') === 'bridge');
    expect(bridgeDone?.headers.get('variable_originate_disposition')).toBe('USER_BUSY');
    expect(h.switchEventsOf(attemptId).some((event) => event.name === EventName.ChannelBridge)).toBe(false);
    const sorry = executes(attemptId).at(-1);
    expect(sorry?.headers.get('Application-Data')).toBe('flite|kal|Your adviser cannot take your call now.');
    expect(onlyPayload(events, 'callFlowResult').result).toBe('adviser_unreachable');
    // The flow, not the failed B leg, ended the call.
    expect(onlyPayload(events, 'callHangup')).toMatchObject({ outcome: CallOutcome.ANSWERED, hangupCause: 'NORMAL_CLEARING', sipStatusCode: 0 });
  });

  it('transfer › a templated number that is not E.164 goes to onFail without dialling', async () => {
    const placedBefore = h.sim.placedCalls().length;
    const attemptId = await h.call('number', { destination: Callee.Stays, contactFields: { name: 'Li', adviser: '5550000021' } });
    const events = await h.ended(attemptId);

    expect(h.sim.placedCalls().slice(placedBefore).map((call) => call.number)).toEqual([Callee.Stays]);
    expect(executes(attemptId).map((event) => event.headers.get('Application'))).not.toContain('bridge');
    expect(onlyPayload(events, 'callFlowResult').result).toBe('adviser_unreachable');
  });

  it('transfer › to a queue hands the call to the queue context\'s dialplan, which then runs it to its end', async () => {
    const attemptId = await h.call('queue', { destination: Callee.Stays });
    const events = await h.ended(attemptId);

    const transfer = executes(attemptId).find((event) => event.headers.get('Application') === 'transfer');
    expect(transfer?.headers.get('Application-Data')).toBe(`billing XML ${QUEUE_CONTEXT}`);
    // After the transfer, only the queue's dialplan acted on the channel: hold music, then the agent.
    const channel = h.switchEventsOf(attemptId);
    const afterTransfer = channel.slice(channel.indexOf(transfer!) + 1).filter((event) => event.name === EventName.ChannelExecute);
    expect(afterTransfer.map((event) => event.headers.get('Application-Data'))).toEqual(['queue/hold.wav', `sofia/gateway/carrier/${Adviser.Billing}`]);
    expect(channel.map(effectOf)).toContain('CHANNEL_BRIDGE');
    expect(h.sim.placedCalls().some((call) => call.number === Adviser.Billing)).toBe(true);

    // The result went out when the queue took the call, long before the agent's leg ended it.
    expect(kindsIn(events).filter((kind) => kind !== 'callRinging')).toEqual(['callOriginated', 'callAnswered', 'callFlowResult', 'callHangup']);
    expect(onlyPayload(events, 'callFlowResult').result).toBe('handed_to_billing');
    expect(onlyPayload(events, 'callHangup')).toMatchObject({ outcome: CallOutcome.ANSWERED, hangupCause: 'NORMAL_CLEARING' });
  });
});
