import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '@ringpace/config';
import { dialerConfigSchema } from './config.js';

const BASE = { DATABASE_URL: 'postgres://dialer@db:5432/ringpace' };

describe('dialer config', () => {
  it('config › defaults fill everything but the database', () => {
    const config = loadConfig(dialerConfigSchema, BASE);
    expect(config).toMatchObject({
      NATS_URL: 'nats://127.0.0.1:4222',
      BUS_NAMESPACE: 'rp',
      DIALER_LEASE_TTL_MS: 15_000,
      DIALER_LEASE_RENEW_MS: 5_000,
      DIALER_CLAIM_INTERVAL_MS: 200,
      DIALER_RING_TIMEOUT_MS: 45_000,
      CLOCK_SPEED: 1,
    });
    expect(config.DIALER_POD_ID).toBeUndefined();
    expect(config.METRICS_LISTEN).toBeUndefined();
  });

  it('config › every bad variable is named at once', () => {
    try {
      loadConfig(dialerConfigSchema, { DATABASE_URL: 'mysql://x', DIALER_POD_ID: 'pod one', DIALER_CLAIM_INTERVAL_MS: '1000', METRICS_LISTEN: 'nowhere' });
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems.map((p) => p.variable).sort()).toEqual(['DATABASE_URL', 'DIALER_CLAIM_INTERVAL_MS', 'DIALER_POD_ID', 'METRICS_LISTEN']);
    }
  });

  it('config › leases must be renewed at least twice per TTL', () => {
    expect(() => loadConfig(dialerConfigSchema, { ...BASE, DIALER_LEASE_TTL_MS: '10000', DIALER_LEASE_RENEW_MS: '6000' })).toThrow(/DIALER_LEASE_RENEW_MS/);
  });
});
