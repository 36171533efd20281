import { readFileSync } from 'node:fs';
import { fromBinary } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import { describe, expect, it } from 'vitest';
import * as proto from './index.js';
import { CallOutcome, CampaignState, Event, PROTO_PACKAGE, descriptorSetPath } from './index.js';

/** Every generated grpc-js service definition exported by the package, by its "/pkg.Service" prefix. */
function exportedServiceNames(): string[] {
  const names = new Set<string>();
  for (const value of Object.values(proto)) {
    if (typeof value !== 'object' || value === null) continue;
    for (const method of Object.values(value as Record<string, unknown>)) {
      if (typeof method === 'object' && method !== null && 'path' in method && 'requestSerialize' in method) {
        const path = (method as { path: string }).path;
        names.add(path.slice(1, path.lastIndexOf('/')));
      }
    }
  }
  return [...names].sort();
}

describe('proto', () => {
  const hangup: Event = Event.create({
    eventId: '0d7d8f7e-3a51-4f4b-9a1e-6c2b8f0e5a11',
    tenantId: 't1',
    campaignId: 'c1',
    attemptId: 'a5b6c7d8-0000-4000-8000-000000000001',
    sequence: 7,
    occurredAt: new Date('2026-03-01T08:59:59.250Z'),
    trace: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01', tracestate: '' },
    payload: {
      $case: 'callHangup',
      value: {
        hangupCause: 'USER_BUSY',
        outcome: CallOutcome.BUSY,
        billsecMs: 0,
        durationMs: 4_200,
        sipStatusCode: 486,
        fencingToken: 2 ** 40,
      },
    },
  });

  it('Event › encode then decode gives back the same envelope, payload and all', () => {
    const bytes = Event.encode(hangup).finish();
    expect(Event.decode(bytes)).toEqual(hangup);
  });

  it.each([
    ['campaign state change', { $case: 'campaignStateChanged', value: { from: CampaignState.RUNNING, to: CampaignState.PAUSED, reason: 'operator pause', actor: 'api-key:k1' } }],
    ['flow result with variables', { $case: 'callFlowResult', value: { flowId: 'f1', flowVersion: 3, result: 'confirmed', variables: { q1: '5' } } }],
    ['recording completed', { $case: 'recordingCompleted', value: { recordingId: 'r1', nodeId: 'fs-1', path: '/rec/a.wav', durationMs: 61_000, bytes: 1_952_044 } }],
  ] as const)('Event › a %s round-trips', (_name, payload) => {
    const event = Event.create({ ...hangup, payload });
    expect(Event.decode(Event.encode(event).finish())).toEqual(event);
  });

  it('Event › an unset payload stays unset', () => {
    const event = Event.create({ eventId: 'e1' });
    expect(Event.decode(Event.encode(event).finish()).payload).toBeUndefined();
  });

  it('descriptor set › holds every exported service and the files they import', () => {
    const set = fromBinary(FileDescriptorSetSchema, readFileSync(descriptorSetPath()));
    const described = set.file
      .filter((file) => file.package === PROTO_PACKAGE)
      .flatMap((file) => file.service.map((service) => `${PROTO_PACKAGE}.${service.name}`))
      .sort();
    expect(exportedServiceNames()).toEqual([
      'ringpace.v1.AgentService',
      'ringpace.v1.CampaignService',
      'ringpace.v1.FlowService',
      'ringpace.v1.MediaService',
      'ringpace.v1.RecordingService',
      'ringpace.v1.ReportingService',
    ]);
    expect(described).toEqual(exportedServiceNames());
    expect(set.file.map((file) => file.name)).toContain('google/protobuf/timestamp.proto');
  });
});
