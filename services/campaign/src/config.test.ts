import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '@ringpace/config';
import { campaignConfigSchema } from './config.js';

const base = { DATABASE_URL: 'postgres://u:p@localhost:5432/rp', ADMIN_TOKEN: 'a'.repeat(32) };

function problems(env: Record<string, string>): string {
  try {
    loadConfig(campaignConfigSchema, { ...base, ...env });
  } catch (error) {
    if (error instanceof ConfigError) return error.message;
    throw error;
  }
  throw new Error('expected the environment to be refused');
}

describe('campaign config', () => {
  it('config › the clock origin and the metrics address are optional and off by default', () => {
    const config = loadConfig(campaignConfigSchema, base);
    expect(config.CLOCK_ORIGIN_MS).toBeUndefined();
    expect(config.METRICS_LISTEN).toBeUndefined();
    expect(config.CLOCK_SPEED).toBe(1);
  });

  it('config › a shared clock origin and a metrics address are read as given', () => {
    const config = loadConfig(campaignConfigSchema, { ...base, CLOCK_SPEED: '60', CLOCK_ORIGIN_MS: '1795000000000', METRICS_LISTEN: '0.0.0.0:9464' });
    expect(config).toMatchObject({ CLOCK_SPEED: 60, CLOCK_ORIGIN_MS: 1_795_000_000_000, METRICS_LISTEN: '0.0.0.0:9464' });
  });

  it('config › a bad clock origin and a bad metrics address are both named', () => {
    const message = problems({ CLOCK_ORIGIN_MS: 'yesterday', METRICS_LISTEN: 'metrics' });
    expect(message).toContain('CLOCK_ORIGIN_MS');
    expect(message).toContain('METRICS_LISTEN');
  });
});
