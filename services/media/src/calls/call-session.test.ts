// A call session with its FreeSWITCH and NATS ends faked: the originate watch's part in ending a call.
import { ManualClock } from '@ringpace/clock';
import { EventFormat, EventHeaders, EventName, type ApiResult, type EslClient, type EslEvent } from '@ringpace/esl';
import { silentLogger } from '@ringpace/log';
import { CallOutcome, OriginateRequest, type Event } from '@ringpace/proto';
import { describe, expect, it } from 'vitest';
import type { PublishQueue } from '../events/publish-queue.js';
import { CallSession, type CallRuntime } from './call-session.js';
import { OriginateWatch } from './originate-watch.js';

const RING_TIMEOUT_MS = 30_000;
const SLACK_MS = 60_000;

function rig(answers: ReadonlyArray<ApiResult | Error>) {
  const clock = new ManualClock(0);
  const watch = new OriginateWatch(clock, 1_000);
  const published: Event[] = [];
  const asked: string[] = [];
  let answer = 0;
  const esl = {
    api(command: string) {
      asked.push(command);
      const next = answers[Math.min(answer, answers.length - 1)];
      answer += 1;
      return next instanceof Error ? Promise.reject(next) : Promise.resolve(next!);
    },
  } as unknown as EslClient;
  const queue: PublishQueue = { enqueue: (event) => published.push(event), pending: () => 0, flush: () => Promise.resolve(true), close: () => undefined };
  const runtime: CallRuntime = {
    nodeId: 'fs1',
    esl,
    clock,
    queue,
    flows: { load: () => new Promise(() => undefined) },
    settings: { ttsEngine: 'flite', ttsVoice: 'kal', recordingsDir: '/rec', queueContext: 'queues', appTimeoutMs: 60_000, commandTimeoutMs: 5_000 },
    flowLoadTimeoutMs: 5_000,
    flowSettleMs: 5_000,
    jobGraceMs: 2_000,
    originateSlackMs: SLACK_MS,
    watchOriginate: (session, afterMs) => watch.add(session, afterMs),
    observeAnswerToPrompt: () => undefined,
    finished: () => undefined,
  };
  const request = OriginateRequest.fromPartial({ attemptId: 'a1', tenantId: 't1', campaignId: 'c1', ringTimeoutMs: RING_TIMEOUT_MS, flowId: 'f1', flowVersion: 1 });
  const session = new CallSession(request, runtime, silentLogger(), { traceparent: '', tracestate: '' });
  const settle = () => new Promise((resolve) => setImmediate(resolve));
  const passTheLimit = async () => {
    clock.advance(RING_TIMEOUT_MS + SLACK_MS);
    watch.sweep();
    await settle();
  };
  return { session, watch, published, asked, passTheLimit, settle };
}

const kinds = (events: readonly Event[]) => events.map((event) => event.payload?.$case);

function channelEvent(name: EventName): EslEvent {
  return { name, headers: EventHeaders.fromRecord({ 'Event-Name': name, 'Unique-ID': 'a1' }), subclass: undefined, uniqueId: 'a1', format: EventFormat.Plain, body: undefined };
}

describe('call session › originate watch', () => {
  it('an originate never heard of again, whose channel FreeSWITCH does not know, ends as LOST once', async () => {
    const { session, published, asked, passTheLimit } = rig([{ ok: true, body: 'false' }]);
    session.accepted();
    await passTheLimit();
    await passTheLimit();
    expect(asked).toEqual(['uuid_exists a1']);
    expect(kinds(published)).toEqual(['callOriginated', 'callHangup']);
    const hangup = published[1]!.payload;
    expect(hangup?.$case === 'callHangup' && hangup.value.outcome).toBe(CallOutcome.LOST);
  });

  it('a call whose channel showed up is not asked about, and leaves the watch', async () => {
    const { session, watch, published, asked, passTheLimit } = rig([{ ok: true, body: 'false' }]);
    session.accepted();
    session.handleEvent(channelEvent(EventName.ChannelCreate));
    await passTheLimit();
    expect(asked).toEqual([]);
    expect(watch.size).toBe(0);
    expect(kinds(published)).toEqual(['callOriginated']);
  });

  it('a channel FreeSWITCH still has counts as heard of; a question that fails is asked again a limit later', async () => {
    const { session, published, asked, passTheLimit } = rig([new Error('esl down'), { ok: true, body: 'true\n' }, { ok: true, body: 'false' }]);
    session.accepted();
    await passTheLimit();
    expect(asked).toHaveLength(1);
    await passTheLimit();
    expect(asked).toHaveLength(2);
    await passTheLimit();
    expect(asked).toHaveLength(2);
    expect(kinds(published)).toEqual(['callOriginated']);
  });
});
