// Job results as the gateway and loopback captures recorded them (captures README G2 and point 9).
import { beforeAll, describe, expect, it } from 'vitest';
import { streamOf } from '../capture/capture-file.js';
import type { EslEvent } from '../decode/esl-event.js';
import { EventHeaders } from '../decode/event-headers.js';
import { StreamDecoder } from '../decode/stream-decoder.js';
import { loadCapture } from '../testing/fixtures.js';
import { originateResult, parseBackgroundJob } from './background-job.js';

const jobsByAttempt = new Map<string, EslEvent>();

beforeAll(async () => {
  for (const name of ['k2_gateway_failures', 'e_originate_failures']) {
    for (const frame of new StreamDecoder().push(streamOf(await loadCapture(name), '<')).frames) {
      if (frame.kind !== 'event' || frame.event.name !== 'BACKGROUND_JOB') continue;
      const attempt = /ringpace_attempt_id=([^,}]+)/.exec(frame.event.headers.get('Job-Command-Arg') ?? '')?.[1] ?? frame.event.headers.get('Job-Command-Arg') ?? '';
      jobsByAttempt.set(`${name}:${attempt}`, frame.event);
    }
  }
});

describe('background job results › every originate outcome of the gateway capture [k2]', () => {
  it.each([
    ['att-k2-busy486', { ok: false, cause: 'USER_BUSY', error: 'USER_BUSY' }],
    ['att-k2-noanswer', { ok: false, cause: 'NO_ANSWER', error: 'NO_ANSWER' }],
    ['att-k2-notfound404', { ok: false, cause: 'UNALLOCATED_NUMBER', error: 'UNALLOCATED_NUMBER' }],
    ['att-k2-decline603', { ok: false, cause: 'CALL_REJECTED', error: 'CALL_REJECTED' }],
    ['att-k2-unavail480', { ok: false, cause: 'NO_USER_RESPONSE', error: 'NO_USER_RESPONSE' }],
    ['att-k2-early183-404', { ok: false, cause: 'UNALLOCATED_NUMBER', error: 'UNALLOCATED_NUMBER' }],
    ['att-k2-answer-then-bye', { ok: true, callUuid: '1a45a2ac-767c-4dbd-a41e-5beebe13957f' }],
    ['att-k2-no-route-at-callee', { ok: false, cause: 'NO_ROUTE_DESTINATION', error: 'NO_ROUTE_DESTINATION' }],
    ['att-k2-abandon', { ok: false, cause: 'NORMAL_CLEARING', error: 'NORMAL_CLEARING' }],
    ['att-k2-nogw', { ok: false, cause: 'INVALID_GATEWAY', error: 'INVALID_GATEWAY' }],
  ])('%s -> %j', (attempt, expected) => {
    const event = jobsByAttempt.get(`k2_gateway_failures:${attempt}`);
    expect(event).toBeDefined();
    expect(originateResult(parseBackgroundJob(event as EslEvent))).toEqual(expected);
  });
});

describe('background job results › loopback and error endpoints [e]', () => {
  it.each([
    ['att-e-reject', 'CALL_REJECTED'],
    ['att-e-ring_forever', 'NO_ANSWER'],
    ['att-e-early_media', 'UNALLOCATED_NUMBER'],
    ['att-e-no_such_extension', 'NO_ROUTE_DESTINATION'],
    ['att-e-abandon', 'NORMAL_CLEARING'],
    ['att-e-sip', 'NORMAL_TEMPORARY_FAILURE'],
  ])('%s fails with %s', (attempt, cause) => {
    const job = parseBackgroundJob(jobsByAttempt.get(`e_originate_failures:${attempt}`) as EslEvent);
    expect(job).toMatchObject({ ok: false, cause, command: 'originate', body: `-ERR ${cause}\n` });
  });

  it('an unknown endpoint type names CHAN_NOT_IMPLEMENTED', () => {
    expect(parseBackgroundJob(jobsByAttempt.get('e_originate_failures:nosuchtech/foo &park()') as EslEvent)).toMatchObject({ ok: false, cause: 'CHAN_NOT_IMPLEMENTED' });
  });

  it('a text that is no hangup cause is kept as the error, without cause', () => {
    const event = { name: 'BACKGROUND_JOB', subclass: undefined, uniqueId: undefined, format: 'plain', headers: EventHeaders.fromRecord({ 'Job-UUID': 'j' }), body: '-USAGE: <call_url> <exten>\n' } as const;
    expect(parseBackgroundJob(event)).toEqual({ ok: false, jobUuid: 'j', command: undefined, arg: undefined, error: 'USAGE: <call_url> <exten>', cause: undefined, body: '-USAGE: <call_url> <exten>\n' });
  });
});
