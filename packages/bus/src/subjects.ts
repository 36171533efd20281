// The NATS catalogue: the only module in ringpace that writes a subject, stream, consumer, queue group or
// KV bucket name. Everything carries a namespace (production "rp"; tests a random one) so that suites
// sharing one server never see each other's messages.
import { randomBytes } from 'node:crypto';
import { AppError } from '@ringpace/errors';
import type { Event } from '@ringpace/proto';

export const DEFAULT_NAMESPACE = 'rp';

/** A subject token, namespace or name that would break the catalogue's structure. */
export class SubjectTokenError extends AppError {
  override readonly name = 'SubjectTokenError';
  constructor(
    /** What the token is, e.g. "tenant id", "namespace". */
    readonly role: string,
    readonly token: string,
    readonly reason: string,
  ) {
    super(`invalid ${role} ${JSON.stringify(token)}: ${reason}`, { code: 'INVALID_ARGUMENT', retryable: false });
  }
}

/** The event families; each has its own stream and subject tree. */
export const EventFamily = { Campaign: 'campaign', Call: 'call', Recording: 'recording' } as const;
export type EventFamily = (typeof EventFamily)[keyof typeof EventFamily];

/** The `$case` of Event.payload: one per event kind. */
export type EventKind = NonNullable<Event['payload']>['$case'];

interface EventKindEntry {
  readonly family: EventFamily;
  /** Last subject token. */
  readonly token: string;
}

// A Record over every payload case, so a payload added to events.proto does not compile until it has a
// subject here.
const eventKinds: Readonly<Record<EventKind, EventKindEntry>> = {
  campaignCreated: { family: EventFamily.Campaign, token: 'created' },
  campaignStateChanged: { family: EventFamily.Campaign, token: 'state_changed' },
  callOriginated: { family: EventFamily.Call, token: 'originated' },
  callRinging: { family: EventFamily.Call, token: 'ringing' },
  callAnswered: { family: EventFamily.Call, token: 'answered' },
  callDtmf: { family: EventFamily.Call, token: 'dtmf' },
  callFlowResult: { family: EventFamily.Call, token: 'flow_result' },
  callHangup: { family: EventFamily.Call, token: 'hangup' },
  recordingStarted: { family: EventFamily.Recording, token: 'started' },
  recordingCompleted: { family: EventFamily.Recording, token: 'completed' },
};

export function eventKindEntry(kind: EventKind): EventKindEntry {
  return eventKinds[kind];
}

export const eventKindNames: readonly EventKind[] = Object.keys(eventKinds) as EventKind[];

// No "_" in a namespace: it separates the namespace from the rest of stream names, so "t" can never
// own "T_AB_CALL" of namespace "t_ab" when a suite tears its streams down by prefix.
const NAMESPACE_PATTERN = /^[a-z][a-z0-9]{0,23}$/;
// Names that become stream or file names on the server (durables, buckets) are stricter than tokens.
const NAME_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Checks a namespace: a lower-case letter, then lower-case letters or digits, at most 24 characters. */
export function validateNamespace(namespace: string): string {
  if (!NAMESPACE_PATTERN.test(namespace)) {
    throw new SubjectTokenError('namespace', namespace, 'must match /^[a-z][a-z0-9]{0,23}$/');
  }
  return namespace;
}

/** Checks one subject token: not empty, no ".", no wildcard, no whitespace or control character. */
export function validateToken(role: string, token: string): string {
  if (token.length === 0) throw new SubjectTokenError(role, token, 'is empty');
  if (token.includes('.')) throw new SubjectTokenError(role, token, 'contains "."');
  if (token.includes('*') || token.includes('>')) throw new SubjectTokenError(role, token, 'contains a wildcard');
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
  if (/[\s\u0000-\u001f\u007f]/.test(token)) throw new SubjectTokenError(role, token, 'contains whitespace or a control character');
  return token;
}

/** Checks a durable consumer name or a bucket suffix: letters, digits, "_" and "-". */
export function validateName(role: string, name: string): string {
  if (!NAME_PATTERN.test(name)) throw new SubjectTokenError(role, name, 'must match /^[A-Za-z0-9_-]{1,64}$/');
  return name;
}

/** A fresh namespace for one test suite, e.g. "t3f9a0c1b". */
export function randomNamespace(prefix = 't'): string {
  return validateNamespace(`${prefix}${randomBytes(4).toString('hex')}`);
}

// ---- JetStream events ----

/** `<ns>.<family>.<tenant>.<campaign>.<event>` for one event. */
export function eventSubject(namespace: string, event: Pick<Event, 'tenantId' | 'campaignId' | 'payload'>): string {
  if (event.payload === undefined) throw new SubjectTokenError('event payload', '', 'is not set');
  const { family, token } = eventKinds[event.payload.$case];
  return [
    validateNamespace(namespace),
    family,
    validateToken('tenant id', event.tenantId),
    validateToken('campaign id', event.campaignId),
    token,
  ].join('.');
}

export interface EventFilter {
  readonly tenantId?: string;
  readonly campaignId?: string;
  /** One event kind of the family; every kind when absent. */
  readonly kind?: EventKind;
}

/**
 * A subscription/consumer filter over one family, with "*" for each unset part: for example
 * `rp.call.*.*.hangup` or `rp.call.t1.>`. NATS 2.9 allows a single filter subject per consumer.
 */
export function eventFilterSubject(namespace: string, family: EventFamily, filter: EventFilter = {}): string {
  const tenant = filter.tenantId === undefined ? '*' : validateToken('tenant id', filter.tenantId);
  const campaign = filter.campaignId === undefined ? '*' : validateToken('campaign id', filter.campaignId);
  if (filter.kind === undefined) {
    return filter.campaignId === undefined && filter.tenantId === undefined
      ? `${validateNamespace(namespace)}.${family}.>`
      : `${validateNamespace(namespace)}.${family}.${tenant}.${campaign}.*`;
  }
  const entry = eventKinds[filter.kind];
  if (entry.family !== family) {
    throw new SubjectTokenError('event kind', filter.kind, `belongs to family "${entry.family}", not "${family}"`);
  }
  return `${validateNamespace(namespace)}.${family}.${tenant}.${campaign}.${entry.token}`;
}

/** `<NS>_CAMPAIGN`, `<NS>_CALL`, `<NS>_RECORDING`. */
export function streamName(namespace: string, family: EventFamily): string {
  return `${validateNamespace(namespace).toUpperCase()}_${family.toUpperCase()}`;
}

/** The subjects a family's stream captures. */
export function streamSubjects(namespace: string, family: EventFamily): string[] {
  return [`${validateNamespace(namespace)}.${family}.>`];
}

export const eventFamilies: readonly EventFamily[] = Object.values(EventFamily);

// ---- Durable consumers ----

export interface ConsumerEntry {
  /** Durable name; unique within its stream. */
  readonly durable: string;
  readonly family: EventFamily;
  /** Only this kind; every kind of the family when absent. */
  readonly kind?: EventKind;
  readonly description: string;
}

/** Every durable consumer of the system, one per (service, purpose). */
export const Consumers = {
  DialerCallEvents: { durable: 'dialer_call_events', family: EventFamily.Call, description: 'dialer: attempt progress and final outcomes' },
  ReportingCallEvents: { durable: 'reporting_call_events', family: EventFamily.Call, description: 'reporting: CDRs and campaign results' },
  ReportingCampaignEvents: { durable: 'reporting_campaign_events', family: EventFamily.Campaign, description: 'reporting: campaign life cycle' },
  DialerCampaignEvents: { durable: 'dialer_campaign_events', family: EventFamily.Campaign, description: 'dialer: start, pause, stop of campaigns' },
  RecordingRecordingEvents: { durable: 'recording_recording_events', family: EventFamily.Recording, description: 'recording: collect finished files' },
  CampaignAudit: { durable: 'campaign_audit', family: EventFamily.Campaign, description: 'campaign: the audit log of campaign life cycle events' },
} as const satisfies Record<string, ConsumerEntry>;

export interface ConsumerAddress {
  readonly stream: string;
  readonly durable: string;
  readonly filterSubject: string;
  readonly description: string;
}

/** Where a catalogued consumer lives in a namespace. */
export function consumerAddress(namespace: string, entry: ConsumerEntry): ConsumerAddress {
  return {
    stream: streamName(namespace, entry.family),
    durable: validateName('durable name', entry.durable),
    filterSubject: eventFilterSubject(namespace, entry.family, entry.kind === undefined ? {} : { kind: entry.kind }),
    description: entry.description,
  };
}

// ---- Core request/reply to media ----

/** Originate requests for one FreeSWITCH node: `<ns>.media.<node>.originate`. */
export function mediaOriginateSubject(namespace: string, nodeId: string): string {
  return `${validateNamespace(namespace)}.media.${validateToken('node id', nodeId)}.originate`;
}

/** Call operations (listen, whisper, barge, hangup, transfer) for one node: `<ns>.media.<node>.ops`. */
export function mediaOpsSubject(namespace: string, nodeId: string): string {
  return `${validateNamespace(namespace)}.media.${validateToken('node id', nodeId)}.ops`;
}

/** The queue group of the media instances serving one node, so each request reaches exactly one. */
export function mediaQueueGroup(namespace: string, nodeId: string): string {
  return `${validateNamespace(namespace)}_media_${validateToken('node id', nodeId)}`;
}

// ---- KV buckets ----

export const Buckets = {
  /** node id → health and channel counts, written by media. */
  NodeHealth: 'node_health',
  /** trunk (gateway) id → the dialer pod holding it, with its fencing token. */
  TrunkLeases: 'trunk_leases',
  /** The live dialer pods with their heartbeats, from which each pod computes its share of the trunks. */
  DialerPods: 'dialer_pods',
  /** agent id → state, for the dialer's pacing. */
  AgentState: 'agent_state',
} as const;
export type BucketId = (typeof Buckets)[keyof typeof Buckets];

/** `<NS>_NODE_HEALTH` and friends (the server stores it as stream `KV_<name>`). */
export function bucketName(namespace: string, bucket: BucketId): string {
  return `${validateNamespace(namespace).toUpperCase()}_${bucket.toUpperCase()}`;
}

/** The dedupe bucket of one durable consumer: `<NS>_DEDUPE_<durable>`. */
export function dedupeBucketName(namespace: string, durable: string): string {
  return `${validateNamespace(namespace).toUpperCase()}_DEDUPE_${validateName('durable name', durable)}`;
}

/** The prefixes of every stream a namespace owns, event streams and KV buckets alike (for teardown). */
export function namespaceStreamPrefixes(namespace: string): string[] {
  const upper = validateNamespace(namespace).toUpperCase();
  return [`${upper}_`, `KV_${upper}_`];
}
