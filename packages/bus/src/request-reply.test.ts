import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '@nats-io/transport-node';
import { NoRespondersError, type NatsConnection } from '@nats-io/nats-core';
import { AppError, DeadlineExceededError, FailedPreconditionError, UnavailableError } from '@ringpace/errors';
import { CallOpReply, CallOpRequest, CallOpStatus, OriginateReply, OriginateRequest, OriginateStatus } from '@ringpace/proto';
import { createRequester, mediaOpsSubject, mediaOriginateSubject, mediaQueueGroup, randomNamespace, request, startResponder, type Responder } from './index.js';

const natsUrl = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222';
const namespace = randomNamespace();
const originateTypes = { requestType: OriginateRequest, replyType: OriginateReply } as const;
let nc: NatsConnection;

beforeAll(async () => {
  nc = await connect({ servers: natsUrl, timeout: 5_000 });
});

afterAll(async () => {
  await nc.close();
});

async function withResponders(
  count: number,
  nodeId: string,
  handler: (request: OriginateRequest, member: number) => Promise<OriginateReply>,
  body: () => Promise<void>,
): Promise<void> {
  const controller = new AbortController();
  const responders: Responder[] = [];
  for (let member = 0; member < count; member += 1) {
    responders.push(
      await startResponder({
        nc,
        subject: mediaOriginateSubject(namespace, nodeId),
        queue: mediaQueueGroup(namespace, nodeId),
        ...originateTypes,
        signal: controller.signal,
        handler: (originate) => handler(originate, member),
      }),
    );
  }
  try {
    await body();
  } finally {
    controller.abort();
    await Promise.all(responders.map((responder) => responder.closed));
  }
}

describe('bus › request/reply', () => {
  it('request › the reply comes back decoded; an expected refusal is data, not an error', async () => {
    await withResponders(
      1,
      'fs-1',
      (originate) =>
        Promise.resolve(
          originate.destination === '+8613800000000'
            ? OriginateReply.create({ status: OriginateStatus.ACCEPTED, nodeId: 'fs-1' })
            : OriginateReply.create({ status: OriginateStatus.CAPACITY_EXHAUSTED, detail: 'gateway full', nodeId: 'fs-1' }),
        ),
      async () => {
        const subject = mediaOriginateSubject(namespace, 'fs-1');
        const accepted = await request(nc, subject, OriginateRequest.create({ attemptId: 'a1', destination: '+8613800000000' }), { ...originateTypes, timeoutMs: 2_000 });
        expect(accepted).toEqual(OriginateReply.create({ status: OriginateStatus.ACCEPTED, nodeId: 'fs-1' }));
        const refused = await request(nc, subject, OriginateRequest.create({ attemptId: 'a2', destination: '+8613900000000' }), { ...originateTypes, timeoutMs: 2_000 });
        expect(refused.status).toBe(OriginateStatus.CAPACITY_EXHAUSTED);
      },
    );
  });

  it('queue group › each request is answered by exactly one member', async () => {
    const served: number[] = [];
    await withResponders(
      3,
      'fs-2',
      (_originate, member) => {
        served.push(member);
        return Promise.resolve(OriginateReply.create({ status: OriginateStatus.ACCEPTED }));
      },
      async () => {
        for (let i = 0; i < 12; i += 1) {
          await request(nc, mediaOriginateSubject(namespace, 'fs-2'), OriginateRequest.create({ attemptId: `a${i}` }), { ...originateTypes, timeoutMs: 2_000 });
        }
      },
    );
    expect(served).toHaveLength(12);
  });

  it('errors › a responder failure comes back as an AppError with its code and retryability; unknown errors leak nothing', async () => {
    await withResponders(
      1,
      'fs-3',
      (originate) =>
        originate.attemptId === 'known'
          ? Promise.reject(new FailedPreconditionError('node draining'))
          : Promise.reject(new Error('ECONNRESET at 10.0.0.7:8021')),
      async () => {
        const subject = mediaOriginateSubject(namespace, 'fs-3');
        const known = await request(nc, subject, OriginateRequest.create({ attemptId: 'known' }), { ...originateTypes, timeoutMs: 2_000 }).catch((error: unknown) => error);
        expect(known).toBeInstanceOf(AppError);
        expect(known).toMatchObject({ code: 'FAILED_PRECONDITION', retryable: false, message: 'node draining' });
        const unknown = await request(nc, subject, OriginateRequest.create({ attemptId: 'other' }), { ...originateTypes, timeoutMs: 2_000 }).catch((error: unknown) => error);
        expect(unknown).toMatchObject({ code: 'INTERNAL', message: 'internal error' });
      },
    );
  });

  it('errors › nobody listening is UnavailableError; a slow responder is DeadlineExceededError', async () => {
    const nobody = request(nc, mediaOpsSubject(namespace, 'fs-none'), CallOpRequest.create({ callId: 'c1' }), {
      requestType: CallOpRequest,
      replyType: CallOpReply,
      timeoutMs: 1_000,
    });
    await expect(nobody).rejects.toBeInstanceOf(UnavailableError);

    await withResponders(
      1,
      'fs-4',
      () => new Promise((resolve) => setTimeout(() => resolve(OriginateReply.create({ status: OriginateStatus.ACCEPTED })), 600)),
      async () => {
        const slow = request(nc, mediaOriginateSubject(namespace, 'fs-4'), OriginateRequest.create({ attemptId: 'a1' }), { ...originateTypes, timeoutMs: 200 });
        await expect(slow).rejects.toBeInstanceOf(DeadlineExceededError);
      },
    );
  });

  it('responder › an undecodable request is refused as INVALID_ARGUMENT and the responder keeps serving', async () => {
    const controller = new AbortController();
    const responder = await startResponder({
      nc,
      subject: mediaOpsSubject(namespace, 'fs-5'),
      queue: mediaQueueGroup(namespace, 'fs-5'),
      requestType: CallOpRequest,
      replyType: CallOpReply,
      signal: controller.signal,
      handler: (op) => Promise.resolve(CallOpReply.create({ status: op.callId === '' ? CallOpStatus.CALL_NOT_FOUND : CallOpStatus.OK })),
    });
    try {
      const raw = await nc.request(mediaOpsSubject(namespace, 'fs-5'), new Uint8Array([0x0a, 0xff]), { timeout: 2_000 });
      expect(raw.headers?.get('Ringpace-Error-Code')).toBe('INVALID_ARGUMENT');
      const reply = await request(nc, mediaOpsSubject(namespace, 'fs-5'), CallOpRequest.create({ callId: 'c1', op: { $case: 'hangup', value: { hangupCause: '' } } }), {
        requestType: CallOpRequest,
        replyType: CallOpReply,
        timeoutMs: 2_000,
      });
      expect(reply.status).toBe(CallOpStatus.OK);
    } finally {
      controller.abort();
      await responder.closed;
    }
  });

  it('responder › stopping waits for the answer in flight', async () => {
    let answered = false;
    const controller = new AbortController();
    const responder = await startResponder({
      nc,
      subject: mediaOriginateSubject(namespace, 'fs-6'),
      queue: mediaQueueGroup(namespace, 'fs-6'),
      ...originateTypes,
      signal: controller.signal,
      handler: async () => {
        await new Promise((resolve) => setTimeout(resolve, 300));
        answered = true;
        return OriginateReply.create({ status: OriginateStatus.ACCEPTED });
      },
    });
    const pending = request(nc, mediaOriginateSubject(namespace, 'fs-6'), OriginateRequest.create({ attemptId: 'a1' }), { ...originateTypes, timeoutMs: 2_000 });
    await new Promise((resolve) => setTimeout(resolve, 100));
    controller.abort();
    await responder.closed;
    expect(answered).toBe(true);
    await expect(pending).resolves.toMatchObject({ status: OriginateStatus.ACCEPTED });
  });
});

describe('bus › requester with a shared reply inbox', () => {
  it('requester › many requests at once each get their own reply, decoded', async () => {
    const requester = createRequester(nc);
    await withResponders(
      2,
      'fs-shared-1',
      async (originate) => {
        // Replies come back out of order.
        await new Promise((resolve) => setTimeout(resolve, Number(originate.attemptId.slice(1)) % 7));
        return OriginateReply.create({ status: OriginateStatus.ACCEPTED, nodeId: originate.attemptId });
      },
      async () => {
        const ids = Array.from({ length: 50 }, (_, i) => `a${i}`);
        const replies = await Promise.all(
          ids.map((attemptId) => requester.request(mediaOriginateSubject(namespace, 'fs-shared-1'), OriginateRequest.create({ attemptId }), { ...originateTypes, timeoutMs: 2_000 })),
        );
        expect(replies.map((reply) => reply.nodeId)).toEqual(ids);
      },
    );
  });

  it('requester › a responder failure comes back as its AppError; nobody listening is UnavailableError caused by NoRespondersError', async () => {
    const requester = createRequester(nc);
    await withResponders(
      1,
      'fs-shared-2',
      () => Promise.reject(new FailedPreconditionError('node draining')),
      async () => {
        const failed = await requester.request(mediaOriginateSubject(namespace, 'fs-shared-2'), OriginateRequest.create({ attemptId: 'a1' }), { ...originateTypes, timeoutMs: 2_000 }).catch((error: unknown) => error);
        expect(failed).toMatchObject({ code: 'FAILED_PRECONDITION', retryable: false, message: 'node draining' });
      },
    );
    const nobody = await requester.request(mediaOpsSubject(namespace, 'fs-shared-none'), CallOpRequest.create({ callId: 'c1' }), {
      requestType: CallOpRequest,
      replyType: CallOpReply,
      timeoutMs: 1_000,
    }).catch((error: unknown) => error);
    expect(nobody).toBeInstanceOf(UnavailableError);
    expect((nobody as Error).cause).toBeInstanceOf(NoRespondersError);
  });

  it('requester › a slow responder is DeadlineExceededError, and its late reply settles nothing', async () => {
    const requester = createRequester(nc);
    await withResponders(
      1,
      'fs-shared-3',
      (originate) =>
        new Promise((resolve) => setTimeout(() => resolve(OriginateReply.create({ status: OriginateStatus.ACCEPTED, nodeId: originate.attemptId })), originate.attemptId === 'slow' ? 600 : 0)),
      async () => {
        const subject = mediaOriginateSubject(namespace, 'fs-shared-3');
        const slow = requester.request(subject, OriginateRequest.create({ attemptId: 'slow' }), { ...originateTypes, timeoutMs: 200 });
        await expect(slow).rejects.toBeInstanceOf(DeadlineExceededError);
        await new Promise((resolve) => setTimeout(resolve, 500));
        const next = await requester.request(subject, OriginateRequest.create({ attemptId: 'next' }), { ...originateTypes, timeoutMs: 2_000 });
        expect(next.nodeId).toBe('next');
      },
    );
  });

  it('requester › once the connection is closed a request fails as UnavailableError at once', async () => {
    const own = await connect({ servers: natsUrl, timeout: 5_000 });
    const requester = createRequester(own);
    await own.close();
    await new Promise((resolve) => setImmediate(resolve));
    const closed = await requester.request(mediaOriginateSubject(namespace, 'fs-shared-4'), OriginateRequest.create({ attemptId: 'a1' }), { ...originateTypes, timeoutMs: 2_000 }).catch((error: unknown) => error);
    expect(closed).toBeInstanceOf(UnavailableError);
  });
});
