import { describe, expect, it } from 'vitest';
import { Event } from '@ringpace/proto';
import {
  Buckets,
  Consumers,
  EventFamily,
  SubjectTokenError,
  bucketName,
  consumerAddress,
  dedupeBucketName,
  eventFilterSubject,
  eventKindEntry,
  eventKindNames,
  eventSubject,
  mediaOpsSubject,
  mediaOriginateSubject,
  mediaQueueGroup,
  namespaceStreamPrefixes,
  randomNamespace,
  streamName,
  streamSubjects,
  validateNamespace,
  validateToken,
  type EventKind,
} from './index.js';

function eventOf(kind: EventKind, tenantId = 't1', campaignId = 'c1'): Event {
  // The payload value's shape does not matter to the catalogue, only its case.
  return Event.create({ eventId: 'e1', tenantId, campaignId, payload: { $case: kind, value: {} } as Event['payload'] });
}

describe('subjects', () => {
  it.each([
    ['campaignCreated', 'rp.campaign.t1.c1.created'],
    ['campaignStateChanged', 'rp.campaign.t1.c1.state_changed'],
    ['callOriginated', 'rp.call.t1.c1.originated'],
    ['callRinging', 'rp.call.t1.c1.ringing'],
    ['callAnswered', 'rp.call.t1.c1.answered'],
    ['callDtmf', 'rp.call.t1.c1.dtmf'],
    ['callFlowResult', 'rp.call.t1.c1.flow_result'],
    ['callHangup', 'rp.call.t1.c1.hangup'],
    ['recordingStarted', 'rp.recording.t1.c1.started'],
    ['recordingCompleted', 'rp.recording.t1.c1.completed'],
  ] as const)('eventSubject › %s goes to %s', (kind, subject) => {
    expect(eventSubject('rp', eventOf(kind))).toBe(subject);
  });

  it('eventSubject › every event kind lands inside its own stream', () => {
    for (const kind of eventKindNames) {
      const { family } = eventKindEntry(kind);
      const [capture] = streamSubjects('rp', family);
      expect(eventSubject('rp', eventOf(kind)).startsWith(capture!.slice(0, -1))).toBe(true);
    }
  });

  it.each([
    ['', 'is empty'],
    ['a.b', 'contains "."'],
    ['a b', 'whitespace'],
    ['tab\there', 'whitespace'],
    ['nul\u0000', 'control character'],
    ['*', 'wildcard'],
    ['>', 'wildcard'],
    ['ab*', 'wildcard'],
  ])('validateToken › %j is refused (%s)', (token, reason) => {
    expect(() => validateToken('tenant id', token)).toThrow(SubjectTokenError);
    expect(() => validateToken('tenant id', token)).toThrow(reason);
  });

  it.each(['t1', '4a0c2d4e-7a1b-4c59-9d8e-0f1e2d3c4b5a', 'node-01_a', 'Ünïcode'])('validateToken › %j is accepted', (token) => {
    expect(validateToken('tenant id', token)).toBe(token);
  });

  it('eventSubject › a bad tenant or campaign id is a typed error naming the part', () => {
    const error = (() => {
      try {
        eventSubject('rp', eventOf('callHangup', 'a.b'));
      } catch (caught) {
        return caught;
      }
      return undefined;
    })();
    expect(error).toBeInstanceOf(SubjectTokenError);
    expect(error).toMatchObject({ role: 'tenant id', token: 'a.b', code: 'INVALID_ARGUMENT', retryable: false });
    expect(() => eventSubject('rp', eventOf('callHangup', 't1', ''))).toThrow('campaign id');
    expect(() => eventSubject('rp', Event.create({ tenantId: 't1', campaignId: 'c1' }))).toThrow('payload');
  });

  it.each(['', 'RP', 'r.p', 'r p', '1rp', 'rp_x', 'a'.repeat(25), 'r*'])('validateNamespace › %j is refused', (namespace) => {
    expect(() => validateNamespace(namespace)).toThrow(SubjectTokenError);
  });

  it('randomNamespace › is valid and different every time', () => {
    const a = randomNamespace();
    expect(validateNamespace(a)).toBe(a);
    expect(randomNamespace()).not.toBe(a);
  });

  it.each([
    [EventFamily.Call, {}, 'rp.call.>'],
    [EventFamily.Call, { kind: 'callHangup' }, 'rp.call.*.*.hangup'],
    [EventFamily.Call, { tenantId: 't1' }, 'rp.call.t1.*.*'],
    [EventFamily.Call, { tenantId: 't1', campaignId: 'c1', kind: 'callDtmf' }, 'rp.call.t1.c1.dtmf'],
    [EventFamily.Campaign, { campaignId: 'c9' }, 'rp.campaign.*.c9.*'],
  ] as const)('eventFilterSubject › %s %j is %s', (family, filter, subject) => {
    expect(eventFilterSubject('rp', family, filter)).toBe(subject);
  });

  it('eventFilterSubject › a kind of another family is refused', () => {
    expect(() => eventFilterSubject('rp', EventFamily.Campaign, { kind: 'callHangup' })).toThrow(SubjectTokenError);
  });

  it.each([
    [EventFamily.Campaign, 'RP_CAMPAIGN', 'rp.campaign.>'],
    [EventFamily.Call, 'RP_CALL', 'rp.call.>'],
    [EventFamily.Recording, 'RP_RECORDING', 'rp.recording.>'],
  ])('streams › %s is stream %s capturing %s', (family, stream, subject) => {
    expect(streamName('rp', family)).toBe(stream);
    expect(streamSubjects('rp', family)).toEqual([subject]);
  });

  it('media › originate and ops subjects and the queue group are per node', () => {
    expect(mediaOriginateSubject('rp', 'fs-01')).toBe('rp.media.fs-01.originate');
    expect(mediaOpsSubject('rp', 'fs-01')).toBe('rp.media.fs-01.ops');
    expect(mediaQueueGroup('rp', 'fs-01')).toBe('rp_media_fs-01');
    expect(() => mediaOriginateSubject('rp', 'fs.01')).toThrow(SubjectTokenError);
  });

  it('buckets › names carry the namespace, dedupe buckets the durable', () => {
    expect(bucketName('rp', Buckets.NodeHealth)).toBe('RP_NODE_HEALTH');
    expect(bucketName('rp', Buckets.TrunkLeases)).toBe('RP_TRUNK_LEASES');
    expect(bucketName('rp', Buckets.DialerPods)).toBe('RP_DIALER_PODS');
    expect(dedupeBucketName('rp', 'dialer_call_events')).toBe('RP_DEDUPE_dialer_call_events');
    expect(() => dedupeBucketName('rp', 'bad.name')).toThrow(SubjectTokenError);
  });

  it('consumers › every catalogued consumer reads its own family stream with a valid filter', () => {
    for (const entry of Object.values(Consumers)) {
      const address = consumerAddress('rp', entry);
      expect(address.stream).toBe(streamName('rp', entry.family));
      expect(address.filterSubject).toBe(`rp.${entry.family}.>`);
    }
    const durables = Object.values(Consumers).map((entry) => `${entry.family}/${entry.durable}`);
    expect(new Set(durables).size).toBe(durables.length);
  });

  it('namespaces › the teardown prefixes of one namespace never match another', () => {
    const [own, ownKv] = namespaceStreamPrefixes('t');
    expect(streamName('t', EventFamily.Call).startsWith(own!)).toBe(true);
    expect(`KV_${bucketName('t', Buckets.AgentState)}`.startsWith(ownKv!)).toBe(true);
    expect(streamName('tab', EventFamily.Call).startsWith(own!)).toBe(false);
    expect(`KV_${bucketName('tab', Buckets.AgentState)}`.startsWith(ownKv!)).toBe(false);
  });
});
