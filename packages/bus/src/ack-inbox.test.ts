import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '@nats-io/transport-node';
import { jetstreamManager, type JetStreamManager } from '@nats-io/jetstream';
import { headers, type NatsConnection } from '@nats-io/nats-core';
import { DeadlineExceededError, UnavailableError } from '@ringpace/errors';
import { AckInbox, parsePubAck } from './ack-inbox.js';
import { jetStreamApiCode } from './nats-errors.js';
import { EventFamily, destroyNamespace, ensureStreams, randomNamespace, streamSubjects } from './index.js';

const natsUrl = process.env['NATS_URL'] ?? 'nats://127.0.0.1:4222';
const namespace = randomNamespace();
let nc: NatsConnection;
let jsm: JetStreamManager;
let subject: string;

beforeAll(async () => {
  nc = await connect({ servers: natsUrl, timeout: 5_000, noAsyncTraces: true });
  jsm = await jetstreamManager(nc);
  await ensureStreams(jsm, namespace);
  subject = streamSubjects(namespace, EventFamily.Call)[0]!.replace('>', 'x.y.z');
});

afterAll(async () => {
  await destroyNamespace(jsm, namespace);
  await nc.close();
});

const bytes = (text: string) => new TextEncoder().encode(text);

describe('bus › ack inbox › parsePubAck', () => {
  const cases: ReadonlyArray<{ name: string; body: string; expected: object | string }> = [
    { name: 'a stored message', body: '{"stream":"S","seq":7}', expected: { stream: 'S', seq: 7, duplicate: false } },
    { name: 'a duplicate', body: '{"stream":"S","seq":7,"duplicate":true}', expected: { stream: 'S', seq: 7, duplicate: true } },
    { name: 'extra fields (domain)', body: '{"stream":"S","domain":"hub","seq":1}', expected: { stream: 'S', seq: 1, duplicate: false } },
    { name: 'the stream’s error', body: '{"error":{"code":400,"err_code":10071,"description":"wrong last sequence: 3"}}', expected: 'wrong last sequence: 3' },
    { name: 'no stream named', body: '{"seq":7}', expected: 'names no stream' },
    { name: 'an empty stream name', body: '{"stream":"","seq":7}', expected: 'names no stream' },
    { name: 'not JSON', body: 'PONG', expected: 'not JSON' },
    { name: 'not an object', body: '42', expected: 'not an object' },
  ];
  it.each(cases)('$name', ({ body, expected }) => {
    const result = parsePubAck('publish s', bytes(body));
    if (typeof expected === 'string') {
      expect(result).toBeInstanceOf(UnavailableError);
      expect((result as UnavailableError).message).toContain(expected);
    } else {
      expect(result).toEqual(expected);
    }
  });

  it('the stream’s error keeps its JetStream error code as the cause', () => {
    const result = parsePubAck('publish s', bytes('{"error":{"code":400,"err_code":10071,"description":"wrong last sequence: 3"}}'));
    expect(jetStreamApiCode(result)).toBe(10071);
  });
});

describe('bus › ack inbox', () => {
  it('publishes sent together › each settles with its own ack, in stream order', async () => {
    const inbox = new AckInbox(nc);
    const acks = await Promise.all(Array.from({ length: 50 }, (_, i) => inbox.publish(subject, bytes(`m${i}`), headers(), 2_000)));
    const seqs = acks.map((ack) => ack.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    expect(new Set(seqs).size).toBe(50);
    expect(inbox.waiting).toBe(0);
  });

  it('a message id already stored › the ack says duplicate, with the first copy’s sequence', async () => {
    const inbox = new AckInbox(nc);
    const withId = () => {
      const h = headers();
      h.set('Nats-Msg-Id', `dup-${namespace}`);
      return h;
    };
    const first = await inbox.publish(subject, bytes('once'), withId(), 2_000);
    const second = await inbox.publish(subject, bytes('once'), withId(), 2_000);
    expect(second).toEqual({ ...first, duplicate: true });
  });

  it('the stream refuses the message › UnavailableError carrying the JetStream error code', async () => {
    const inbox = new AckInbox(nc);
    const h = headers();
    h.set('Nats-Expected-Last-Sequence', '999999');
    const refused = inbox.publish(subject, bytes('late'), h, 2_000);
    await expect(refused).rejects.toBeInstanceOf(UnavailableError);
    expect(jetStreamApiCode(await refused.catch((error: unknown) => error))).toBe(10071);
  });

  it('deadlines › a short one behind a long one fires at its own time, and each names its timeout', async () => {
    const silent = `${randomNamespace()}.silent`;
    const sub = nc.subscribe(silent);
    try {
      const inbox = new AckInbox(nc);
      const long = inbox.publish(silent, bytes('a'), headers(), 1_500);
      long.catch(() => undefined);
      const startedMs = performance.now();
      const short = inbox.publish(silent, bytes('b'), headers(), 100);
      await expect(short).rejects.toBeInstanceOf(DeadlineExceededError);
      expect(performance.now() - startedMs).toBeLessThan(1_000);
      expect(inbox.waiting).toBe(1);
      await expect(long).rejects.toMatchObject({ timeoutMs: 1_500 });
      expect(inbox.waiting).toBe(0);
    } finally {
      sub.unsubscribe();
    }
  });

  it('the connection closes › awaited acks fail as UnavailableError at once, and so does a later publish', async () => {
    const own = await connect({ servers: natsUrl, timeout: 5_000, noAsyncTraces: true });
    const silent = `${randomNamespace()}.silent`;
    const sub = own.subscribe(silent);
    const inbox = new AckInbox(own);
    const waiting = inbox.publish(silent, bytes('a'), headers(), 10_000);
    waiting.catch(() => undefined);
    await own.flush();
    const startedMs = performance.now();
    sub.unsubscribe();
    await own.close();
    await expect(waiting).rejects.toBeInstanceOf(UnavailableError);
    expect(performance.now() - startedMs).toBeLessThan(2_000);
    await expect(inbox.publish(silent, bytes('b'), headers(), 1_000)).rejects.toBeInstanceOf(UnavailableError);
  });
});
