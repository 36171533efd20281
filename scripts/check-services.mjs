// Says in one clear line when PostgreSQL or NATS does not answer at its URL, and how to start one.
import net from 'node:net';

const checks = [
  {
    name: 'PostgreSQL',
    variable: 'DATABASE_URL',
    url: process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
    defaultPort: 5432,
    hint: 'start one (Debian: pg_ctlcluster 15 main start) or set DATABASE_URL',
  },
  {
    name: 'NATS',
    variable: 'NATS_URL',
    url: (process.env.NATS_URL ?? 'nats://127.0.0.1:4222').split(',')[0].trim(),
    defaultPort: 4222,
    hint: 'start one with JetStream (nats-server -js) or set NATS_URL',
  },
];

function probe(host, port, timeoutMs) {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

let failed = 0;
for (const check of checks) {
  let host;
  let port;
  try {
    const parsed = new URL(check.url);
    host = parsed.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1';
    port = Number(parsed.port || check.defaultPort);
  } catch {
    console.error(`${check.name}: ${check.variable}="${check.url}" is not a URL`);
    failed += 1;
    continue;
  }
  if (!(await probe(host, port, 2_000))) {
    const shown = check.url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@');
    console.error(`${check.name} does not answer at ${shown}: ${check.hint}.`);
    failed += 1;
  }
}
process.exit(failed === 0 ? 0 : 1);
