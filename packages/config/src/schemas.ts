// Reusable schemas for environment variables: URLs, ports, durations (with the unit in the name), levels.
import { z } from 'zod';

export const logLevel = z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info');

export function urlWithProtocols(protocols: readonly string[]) {
  return z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol.replace(/:$/, ''));
      } catch {
        return false;
      }
    },
    { message: `must be a URL with scheme ${protocols.join(' or ')}` },
  );
}

export const postgresUrl = urlWithProtocols(['postgres', 'postgresql']);
export const natsUrl = z
  .string()
  .refine((value) => value.split(',').every((server) => /^(nats|tls|ws|wss):\/\/[^\s,]+$/.test(server.trim())), {
    message: 'must be one or more nats://host:port URLs separated by commas',
  });

export const port = z.coerce.number().int().min(0).max(65_535);

/** A `host:port` listen address; a bare port means all interfaces. */
export const listenAddress = z.string().regex(/^(\[[0-9a-fA-F:]+\]|[A-Za-z0-9.-]*):\d{1,5}$|^\d{1,5}$/, {
  message: 'must be host:port or a port',
});

export function positiveIntMs(defaultMs: number) {
  return z.coerce.number().int().positive().default(defaultMs);
}

export const booleanFlag = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((value) => value === 'true' || value === '1' || value === 'yes');

export const secret = (minLength: number) =>
  z.string().min(minLength, { message: `must be at least ${minLength} characters` });
