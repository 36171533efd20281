// A stand-in for services/media in dialer tests: answers originate requests on a node's subject as told,
// publishes the call's events through the real event publisher (event ids "<attempt>:<sequence>"), and
// records call ops. Used only by tests.
import type { JetStreamClient } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/nats-core';
import { createEventPublisher, mediaOpsSubject, mediaOriginateSubject, mediaQueueGroup, startResponder } from '@ringpace/bus';
import type { Clock } from '@ringpace/clock';
import type { CallOutcome} from '@ringpace/proto';
import { CallOpReply, CallOpRequest, CallOpStatus, OriginateReply, OriginateRequest, OriginateStatus, type Event } from '@ringpace/proto';

export type CallStep =
  | { readonly kind: 'ringing' }
  | { readonly kind: 'answered' }
  | { readonly kind: 'flowResult'; readonly result: string }
  | { readonly kind: 'hangup'; readonly outcome: CallOutcome; readonly cause?: string };

export interface Script {
  readonly status: OriginateStatus;
  /** Events published after the reply, in order; none leaves the call open. */
  readonly steps?: readonly CallStep[];
}

export interface FakeMedia {
  readonly requests: OriginateRequest[];
  readonly ops: CallOpRequest[];
  /** How the next requests are answered. */
  script(fn: (request: OriginateRequest) => Script): void;
  /** Publishes events of an attempt as media would (sequence continues from what was published). */
  publish(attemptId: string, request: Pick<OriginateRequest, 'tenantId' | 'campaignId' | 'fencingToken'>, steps: readonly CallStep[]): Promise<void>;
  /** Resolves when every scripted event so far is published. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

export const hangup = (outcome: CallOutcome, cause = 'NORMAL_CLEARING'): CallStep => ({ kind: 'hangup', outcome, cause });

export async function startFakeMedia(options: { nc: NatsConnection; js: JetStreamClient; namespace: string; clock: Clock; nodeId?: string }): Promise<FakeMedia> {
  const nodeId = options.nodeId ?? 'fs1';
  const publisher = createEventPublisher({ js: options.js, namespace: options.namespace });
  const requests: OriginateRequest[] = [];
  const ops: CallOpRequest[] = [];
  const sequences = new Map<string, number>();
  const pending = new Set<Promise<void>>();
  let behaviour: (request: OriginateRequest) => Script = () => ({ status: OriginateStatus.ACCEPTED });
  const stop = new AbortController();

  async function publish(attemptId: string, request: Pick<OriginateRequest, 'tenantId' | 'campaignId' | 'fencingToken'>, steps: readonly CallStep[]): Promise<void> {
    for (const step of steps) {
      const sequence = (sequences.get(attemptId) ?? 0) + 1;
      sequences.set(attemptId, sequence);
      const base = { eventId: `${attemptId}:${sequence}`, tenantId: request.tenantId, campaignId: request.campaignId, attemptId, sequence, occurredAt: options.clock.now(), trace: { traceparent: '', tracestate: '' } };
      let payload: Event['payload'];
      switch (step.kind) {
        case 'ringing':
          payload = { $case: 'callRinging', value: { earlyMedia: false } };
          break;
        case 'answered':
          payload = { $case: 'callAnswered', value: {} };
          break;
        case 'flowResult':
          payload = { $case: 'callFlowResult', value: { flowId: '', flowVersion: 0, result: step.result, variables: {} } };
          break;
        case 'hangup':
          payload = {
            $case: 'callHangup',
            value: { hangupCause: step.cause ?? 'NORMAL_CLEARING', outcome: step.outcome, billsecMs: 0, durationMs: 0, sipStatusCode: 0, fencingToken: request.fencingToken },
          };
          break;
      }
      await publisher.publish({ ...base, payload });
    }
  }

  const originates = await startResponder({
    nc: options.nc,
    subject: mediaOriginateSubject(options.namespace, nodeId),
    queue: mediaQueueGroup(options.namespace, nodeId),
    requestType: OriginateRequest,
    replyType: OriginateReply,
    signal: stop.signal,
    handler: (request) => {
      requests.push(request);
      const script = behaviour(request);
      if (script.steps !== undefined && script.steps.length > 0) {
        const steps = script.steps;
        const task: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
          .then(() => publish(request.attemptId, request, steps))
          .finally(() => pending.delete(task));
        pending.add(task);
      }
      return Promise.resolve({ status: script.status, detail: '', nodeId });
    },
  });
  const opsResponder = await startResponder({
    nc: options.nc,
    subject: mediaOpsSubject(options.namespace, nodeId),
    queue: mediaQueueGroup(options.namespace, nodeId),
    requestType: CallOpRequest,
    replyType: CallOpReply,
    signal: stop.signal,
    handler: (request) => {
      ops.push(request);
      return Promise.resolve({ status: CallOpStatus.OK, detail: '', supervisorCallId: '' });
    },
  });
  return {
    requests,
    ops,
    script(fn) {
      behaviour = fn;
    },
    publish,
    async settled() {
      await Promise.all([...pending]);
    },
    async stop() {
      stop.abort();
      await Promise.all([originates.closed, opsResponder.closed]);
    },
  };
}
