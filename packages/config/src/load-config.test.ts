import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { ConfigError, loadConfig, natsUrl, port, positiveIntMs, postgresUrl, secret, logLevel, listenAddress, booleanFlag } from './index.js';

const schema = z.object({
  DATABASE_URL: postgresUrl,
  NATS_URL: natsUrl.default('nats://127.0.0.1:4222'),
  GRPC_PORT: port.default(50051),
  DRAIN_TIMEOUT_MS: positiveIntMs(10_000),
  ADMIN_TOKEN: secret(16),
  LOG_LEVEL: logLevel,
  LISTEN: listenAddress.default('0.0.0.0:50051'),
  TRACE: booleanFlag.default(false),
});

describe('loadConfig', () => {
  it('loadConfig › a good environment parses with defaults applied', () => {
    const config = loadConfig(schema, { DATABASE_URL: 'postgres://u@h:5432/db', ADMIN_TOKEN: 'x'.repeat(16), TRACE: 'yes' });
    expect(config).toEqual({
      DATABASE_URL: 'postgres://u@h:5432/db',
      NATS_URL: 'nats://127.0.0.1:4222',
      GRPC_PORT: 50051,
      DRAIN_TIMEOUT_MS: 10_000,
      ADMIN_TOKEN: 'x'.repeat(16),
      LOG_LEVEL: 'info',
      LISTEN: '0.0.0.0:50051',
      TRACE: true,
    });
  });

  it('loadConfig › every bad variable is named in one error', () => {
    let caught: unknown;
    try {
      loadConfig(schema, { DATABASE_URL: 'mysql://x', NATS_URL: 'localhost', GRPC_PORT: '70000', DRAIN_TIMEOUT_MS: '-1', LOG_LEVEL: 'loud' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const problems = (caught as ConfigError).problems.map((p) => p.variable).sort();
    expect(problems).toEqual(['ADMIN_TOKEN', 'DATABASE_URL', 'DRAIN_TIMEOUT_MS', 'GRPC_PORT', 'LOG_LEVEL', 'NATS_URL']);
    const message = (caught as ConfigError).message;
    expect(message).toContain('ADMIN_TOKEN: is required');
    expect(message).toContain('6 problems');
  });

  it('loadConfig › an empty variable counts as unset', () => {
    const config = loadConfig(schema, { DATABASE_URL: 'postgresql://h/db', ADMIN_TOKEN: 'y'.repeat(20), GRPC_PORT: '' });
    expect(config.GRPC_PORT).toBe(50051);
  });

  it.each([
    ['nats://a:4222,nats://b:4222', true],
    ['tls://secure:4443', true],
    ['http://a:4222', false],
    ['', false],
  ])('natsUrl › %s valid=%s', (value, valid) => {
    expect(natsUrl.safeParse(value).success).toBe(valid);
  });
});
