import { describe, expect, it } from 'vitest';
import { OriginateRequest } from '@ringpace/proto';
import { attemptOfOriginateArg, originateCommand } from './dial-string.js';
import { originateViolations } from './validate-request.js';

const good = OriginateRequest.fromPartial({
  attemptId: '6f1c2d3e-4a5b-4c6d-8e7f-8091a2b3c4d5',
  tenantId: '11111111-2222-4333-8444-555555555555',
  campaignId: '21111111-2222-4333-8444-555555555555',
  contactId: '31111111-2222-4333-8444-555555555555',
  fencingToken: 7,
  destination: '+15550000001',
  callerId: '+15551230000',
  gateway: 'carrier',
  ringTimeoutMs: 30_000,
  flowId: '41111111-2222-4333-8444-555555555555',
  flowVersion: 1,
  contactFields: { name: 'Li', amount: '42' },
  timezone: 'Asia/Shanghai',
});

describe('originateViolations', () => {
  it('originate › a well-formed request has no violations', () => {
    expect(originateViolations(good)).toEqual([]);
  });

  const bad: [string, Partial<OriginateRequest>][] = [
    ['attempt_id', { attemptId: 'not-a-uuid' }],
    ['tenant_id', { tenantId: '' }],
    ['campaign_id', { campaignId: 'a.b' }],
    ['contact_id', { contactId: 'x' }],
    ['fencing_token', { fencingToken: 0 }],
    ['destination', { destination: '5550000001' }],
    ['destination', { destination: '+1555,park' }],
    ['caller_id', { callerId: 'anonymous' }],
    ['gateway', { gateway: 'carrier}x' }],
    ['gateway', { gateway: '' }],
    ['ring_timeout_ms', { ringTimeoutMs: 1_000 }],
    ['ring_timeout_ms', { ringTimeoutMs: 600_000 }],
    ['flow_id', { flowId: '' }],
    ['flow_version', { flowVersion: 0 }],
    ['contact_fields.bad key', { contactFields: { 'bad key': 'x' } }],
    ['timezone', { timezone: 'Mars/Olympus' }],
  ];
  it.each(bad)('originate › a bad %s is named', (field, change) => {
    const violations = originateViolations({ ...good, ...change });
    expect(violations.map((violation) => violation.field)).toEqual([field]);
  });
});

describe('originateCommand', () => {
  it('originate › the dial string carries the attempt, the caller id and the ring timeout in seconds, then parks', () => {
    const command = originateCommand(good, '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01');
    expect(command).toBe(
      'originate {origination_uuid=6f1c2d3e-4a5b-4c6d-8e7f-8091a2b3c4d5,ringpace_attempt_id=6f1c2d3e-4a5b-4c6d-8e7f-8091a2b3c4d5,' +
        'ringpace_tenant_id=11111111-2222-4333-8444-555555555555,ringpace_campaign_id=21111111-2222-4333-8444-555555555555,' +
        'ringpace_contact_id=31111111-2222-4333-8444-555555555555,ringpace_fencing_token=7,origination_caller_id_number=+15551230000,' +
        'originate_timeout=30,traceparent=00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01}sofia/gateway/carrier/+15550000001 &park()',
    );
    expect(attemptOfOriginateArg(command.slice('originate '.length))).toBe(good.attemptId);
  });

  it('originate › an empty trace context is left out', () => {
    expect(originateCommand(good, '')).not.toContain('traceparent');
  });
});
