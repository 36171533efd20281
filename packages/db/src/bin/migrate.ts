#!/usr/bin/env node
// `ringpace-migrate`: applies pending migrations to DATABASE_URL — the one path used by CI, the demo
// and the Helm migration job. Logs one JSON object per line; exits non-zero on any failure.
import { isAppError } from '@ringpace/errors';
import { migrate, type MigrateLog } from '../migrate.js';

const DEFAULT_LOCK_TIMEOUT_MS = 120_000;

function line(level: 'info' | 'warn' | 'error', data: object, msg: string): void {
  const stream = level === 'error' ? process.stderr : process.stdout;
  stream.write(`${JSON.stringify({ level, time: new Date().toISOString(), service: 'ringpace-migrate', ...data, msg })}\n`);
}

const log: MigrateLog = {
  info: (data, msg) => line('info', data, msg),
  warn: (data, msg) => line('warn', data, msg),
};

function optionalPositiveInt(name: string): number | undefined {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value <= 0) {
    line('error', { variable: name }, 'must be a positive integer (milliseconds)');
    process.exit(2);
  }
  return value;
}

const url = process.env['DATABASE_URL'];
if (url === undefined || url === '') {
  line('error', { variable: 'DATABASE_URL' }, 'DATABASE_URL is required, e.g. postgres://user@host:5432/ringpace');
  process.exit(2);
}
const lockTimeoutMs = optionalPositiveInt('MIGRATE_LOCK_TIMEOUT_MS') ?? DEFAULT_LOCK_TIMEOUT_MS;
const statementTimeoutMs = optionalPositiveInt('MIGRATE_STATEMENT_TIMEOUT_MS');

try {
  const result = await migrate({ url, lockTimeoutMs, statementTimeoutMs, log });
  line('info', { applied: result.applied, unknown: result.unknown }, 'done');
} catch (error) {
  const code = isAppError(error) ? error.code : 'INTERNAL';
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause.message : undefined;
  line('error', { code, error: error instanceof Error ? error.message : String(error), cause }, 'migration failed');
  process.exitCode = 1;
}
