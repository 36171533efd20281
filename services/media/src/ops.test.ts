import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CallOpStatus, CallOutcome, OriginateStatus } from '@ringpace/proto';
import { Callee, startHarness, type Harness } from './test-harness.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h?.close();
});

describe('call ops', () => {
  it('ops › hangup ends a live call, which ends with the outcome it had', async () => {
    const request = h.request({ destination: Callee.Silent });
    expect((await h.originate(request)).status).toBe(OriginateStatus.ACCEPTED);
    await h.waitFor('the answer', () => h.eventsOf(request.attemptId).some((event) => event.payload?.$case === 'callAnswered'));
    const reply = await h.callOp({ callId: request.attemptId, op: { $case: 'hangup', value: { hangupCause: 'MANAGER_REQUEST' } } });
    expect(reply.status).toBe(CallOpStatus.OK);
    await h.waitFor('the hangup', () => h.eventsOf(request.attemptId).some((event) => event.payload?.$case === 'callHangup'));
    const hangup = h.eventsOf(request.attemptId).find((event) => event.payload?.$case === 'callHangup')!.payload;
    expect(hangup?.$case === 'callHangup' && hangup.value).toMatchObject({ outcome: CallOutcome.ANSWERED, hangupCause: 'MANAGER_REQUEST' });
  });

  it('ops › hangup of a call the node does not have is CALL_NOT_FOUND', async () => {
    const reply = await h.callOp({ callId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', op: { $case: 'hangup', value: { hangupCause: '' } } });
    expect(reply.status).toBe(CallOpStatus.CALL_NOT_FOUND);
  });

  it('ops › an unknown hangup cause is refused naming the field', async () => {
    await expect(h.callOp({ callId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', op: { $case: 'hangup', value: { hangupCause: 'PLEASE_STOP' } } })).rejects.toThrow(/hangup_cause/);
  });

  it.each(['listen', 'whisper', 'barge'] as const)('ops › %s is refused as FAILED_PRECONDITION naming the op', async (op) => {
    const error = await h
      .callOp({ callId: '9a8b7c6d-5e4f-4a3b-8c2d-1e0f9a8b7c6d', op: { $case: op, value: { supervisorEndpoint: 'user/2001' } } })
      .catch((caught: unknown) => caught);
    expect(error).toMatchObject({ code: 'FAILED_PRECONDITION' });
    expect((error as Error).message).toContain(op);
  });
});
