import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallOutcome, OriginateStatus, type Event } from '@ringpace/proto';
import { Callee, kindsOf, startHarness, type Harness } from './test-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

const hangupsOf = (events: readonly Event[]) => events.filter((event) => event.payload?.$case === 'callHangup');
const settle = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function answeredCall(): Promise<string> {
  const request = h.request({ destination: Callee.Silent });
  expect((await h.originate(request)).status).toBe(OriginateStatus.ACCEPTED);
  await h.waitFor('the answer', () => h.eventsOf(request.attemptId).some((event) => event.payload?.$case === 'callAnswered'));
  return request.attemptId;
}

describe('reconciliation', () => {
  it('reconcile › a dropped event socket mid-flow reconnects, ends the call politely and publishes its outcome once', async () => {
    const attemptId = await answeredCall();
    h.sim.fault.drop();
    await h.waitFor('the hangup', () => hangupsOf(h.eventsOf(attemptId)).length > 0);
    await settle(500);
    const events = h.eventsOf(attemptId);
    expect(hangupsOf(events)).toHaveLength(1);
    expect(kindsOf(events).at(-1)).toBe('callHangup');
    const payload = hangupsOf(events)[0]!.payload;
    expect(payload?.$case === 'callHangup' && payload.value).toMatchObject({ outcome: CallOutcome.ANSWERED, hangupCause: 'NORMAL_CLEARING' });
    expect(h.sim.channels().some((channel) => channel.uuid === attemptId)).toBe(false);
  });

  it('reconcile › a call ringing when the event socket drops is followed on after the reconnect, to its flow result', async () => {
    const request = h.request({ destination: Callee.Confirms });
    expect((await h.originate(request)).status).toBe(OriginateStatus.ACCEPTED);
    h.sim.fault.drop();
    await h.waitFor('the hangup', () => hangupsOf(h.eventsOf(request.attemptId)).length > 0);
    await settle(300);
    const events = h.eventsOf(request.attemptId);
    expect(hangupsOf(events)).toHaveLength(1);
    expect(kindsOf(events)).toEqual(expect.arrayContaining(['callOriginated', 'callAnswered', 'callFlowResult', 'callHangup']));
    const payload = hangupsOf(events)[0]!.payload;
    expect(payload?.$case === 'callHangup' && payload.value.outcome).toBe(CallOutcome.CONFIRMED);
  });

  it('reconcile › a node restart that took the call away ends it as LOST, once', async () => {
    const attemptId = await answeredCall();
    await h.sim.fault.restart(200);
    await h.waitFor('the hangup', () => hangupsOf(h.eventsOf(attemptId)).length > 0);
    await settle(500);
    const events = h.eventsOf(attemptId);
    expect(hangupsOf(events)).toHaveLength(1);
    const payload = hangupsOf(events)[0]!.payload;
    expect(payload?.$case === 'callHangup' && payload.value).toMatchObject({ outcome: CallOutcome.LOST, hangupCause: '' });
    await h.waitFor('the node back', () => h.app.nodes.get('fs1')?.esl.connected === true);
  });

  it('reconcile › a channel of an attempt this process does not know is ended without an event', async () => {
    // Another media process placed it and died: only the channel variable ties it to an attempt.
    const orphan = '0e4c1a7b-5d2f-4e8a-9b3c-6f7a8d9e0b1c';
    const node = h.app.nodes.get('fs1')!;
    const reply = await node.esl.command(`bgapi originate {origination_uuid=${orphan},ringpace_attempt_id=${orphan}}sofia/gateway/carrier/${Callee.Silent} &park()`);
    expect(reply).toMatch(/^\+OK/);
    await h.waitFor('the orphan answered', () => h.sim.channels().some((channel) => channel.uuid === orphan && channel.answered));
    h.sim.fault.drop();
    await h.waitFor('the orphan ended', () => !h.sim.channels().some((channel) => channel.uuid === orphan));
    expect(h.eventsOf(orphan)).toEqual([]);
  });
});
