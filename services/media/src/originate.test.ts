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

function hangupOf(events: readonly Event[]) {
  const hangups = events.filter((event) => event.payload?.$case === 'callHangup');
  expect(hangups).toHaveLength(1);
  const payload = hangups[0]!.payload;
  if (payload?.$case !== 'callHangup') throw new Error('not a hangup');
  return { event: hangups[0]!, hangup: payload.value };
}

describe('originate', () => {
  it('originate › a callee who answers and presses # is CONFIRMED, with every event in sequence', async () => {
    const request = h.request({ destination: Callee.Confirms, fencingToken: 42 });
    const reply = await h.originate(request);
    expect(reply).toEqual({ status: OriginateStatus.ACCEPTED, detail: '', nodeId: 'fs1' });
    await h.waitFor('the hangup', () => h.eventsOf(request.attemptId).some((event) => event.payload?.$case === 'callHangup'));

    const events = h.eventsOf(request.attemptId);
    expect(events.map((event) => event.sequence)).toEqual(events.map((_, index) => index + 1));
    expect(events.map((event) => event.eventId)).toEqual(events.map((event) => `${request.attemptId}:${event.sequence}`));
    const kinds = kindsOf(events);
    expect(kinds[0]).toBe('callOriginated');
    expect(kinds.at(-1)).toBe('callHangup');
    expect(kinds.indexOf('callAnswered')).toBeGreaterThan(0);
    expect(kinds.indexOf('callDtmf')).toBeGreaterThan(kinds.indexOf('callAnswered'));
    expect(kinds.indexOf('callFlowResult')).toBeGreaterThan(kinds.indexOf('callDtmf'));
    const flowResult = events.find((event) => event.payload?.$case === 'callFlowResult')!.payload;
    expect(flowResult?.$case === 'callFlowResult' && flowResult.value.result).toBe('confirmed');
    const dtmf = events.find((event) => event.payload?.$case === 'callDtmf')!.payload;
    expect(dtmf?.$case === 'callDtmf' && dtmf.value.digit).toBe('#');
    for (const event of events) {
      expect(event.tenantId).toBe(request.tenantId);
      expect(event.campaignId).toBe(request.campaignId);
      expect(event.occurredAt).toBeInstanceOf(Date);
    }
    const { hangup } = hangupOf(events);
    expect(hangup.outcome).toBe(CallOutcome.CONFIRMED);
    expect(hangup.hangupCause).toBe('NORMAL_CLEARING');
    expect(hangup.fencingToken).toBe(42);
    // The flow hung up: sip_term_status is set when the far end refuses or sends the BYE (sofia_handle_sip_i_bye), not for ours.
    expect(hangup.sipStatusCode).toBe(0);
    expect(hangup.billsecMs).toBeGreaterThan(0);
    expect(hangup.durationMs).toBeGreaterThanOrEqual(hangup.billsecMs);
  });

  it('originate › a busy callee yields one CallHangup BUSY with SIP 486', async () => {
    const request = h.request({ destination: Callee.Busy });
    expect((await h.originate(request)).status).toBe(OriginateStatus.ACCEPTED);
    await h.waitFor('the hangup', () => h.eventsOf(request.attemptId).some((event) => event.payload?.$case === 'callHangup'));
    await new Promise((resolve) => setTimeout(resolve, 300));
    const events = h.eventsOf(request.attemptId);
    expect(kindsOf(events)).toEqual(['callOriginated', 'callHangup']);
    const { hangup } = hangupOf(events);
    expect(hangup).toMatchObject({ outcome: CallOutcome.BUSY, hangupCause: 'USER_BUSY', sipStatusCode: 486, billsecMs: 0 });
  });

  it('originate › an unallocated number is INVALID_NUMBER', async () => {
    const request = h.request({ destination: Callee.Unallocated });
    expect((await h.originate(request)).status).toBe(OriginateStatus.ACCEPTED);
    await h.waitFor('the hangup', () => h.eventsOf(request.attemptId).some((event) => event.payload?.$case === 'callHangup'));
    const { hangup } = hangupOf(h.eventsOf(request.attemptId));
    expect(hangup).toMatchObject({ outcome: CallOutcome.INVALID_NUMBER, hangupCause: 'UNALLOCATED_NUMBER', sipStatusCode: 404 });
  });

  it('originate › an unknown gateway fails before any channel exists and still ends in one CallHangup', async () => {
    const request = h.request({ gateway: 'nosuchgw' });
    expect((await h.originate(request)).status).toBe(OriginateStatus.ACCEPTED);
    await h.waitFor('the hangup', () => h.eventsOf(request.attemptId).some((event) => event.payload?.$case === 'callHangup'));
    expect(kindsOf(h.eventsOf(request.attemptId))).toEqual(['callOriginated', 'callHangup']);
    expect(hangupOf(h.eventsOf(request.attemptId)).hangup).toMatchObject({ outcome: CallOutcome.FAILED, hangupCause: 'INVALID_GATEWAY' });
  });

  it('originate › a repeated attempt id is DUPLICATE_ATTEMPT and places no second call', async () => {
    const request = h.request({ destination: Callee.Silent });
    const [first, second] = await Promise.all([h.originate(request), h.originate(request)]);
    expect([first.status, second.status].sort()).toEqual([OriginateStatus.ACCEPTED, OriginateStatus.DUPLICATE_ATTEMPT].sort());
    expect((await h.originate(request)).status).toBe(OriginateStatus.DUPLICATE_ATTEMPT);
    await h.waitFor('the answer', () => h.eventsOf(request.attemptId).some((event) => event.payload?.$case === 'callAnswered'));
    expect(h.sim.channels().filter((channel) => channel.uuid === request.attemptId)).toHaveLength(1);
    expect(h.eventsOf(request.attemptId).filter((event) => event.payload?.$case === 'callOriginated')).toHaveLength(1);
    expect((await h.callOp({ callId: request.attemptId, op: { $case: 'hangup', value: { hangupCause: '' } } })).status).toBe('CALL_OP_STATUS_OK');
    await h.waitFor('the hangup', () => h.eventsOf(request.attemptId).some((event) => event.payload?.$case === 'callHangup'));
    // Ended, yet still remembered: a late retry does not dial again.
    expect((await h.originate(request)).status).toBe(OriginateStatus.DUPLICATE_ATTEMPT);
  });

  it.each([
    ['destination', { destination: '5550000001' }],
    ['gateway', { gateway: 'carrier,x' }],
    ['ring_timeout_ms', { ringTimeoutMs: 10 }],
    ['attempt_id', { attemptId: 'nope' }],
  ] as const)('originate › a bad %s is INVALID_REQUEST naming the field, and nothing is dialed', async (field, change) => {
    const before = h.events.length;
    const reply = await h.originate(h.request(change));
    expect(reply.status).toBe(OriginateStatus.INVALID_REQUEST);
    expect(reply.detail).toContain(`${field}:`);
    expect(h.events.length).toBe(before);
  });
});
