import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processCpuMs, startStack, StackStartError } from './stack.js';

// A stand-in service: answers on METRICS_LISTEN (and GRPC_LISTEN when given) and echoes its env on /metrics.
const FAKE_SERVICE = `
import { createServer } from 'node:http';
import { createServer as tcp } from 'node:net';
const [host, port] = process.env.METRICS_LISTEN.split(':');
createServer((req, res) => res.end('kind ' + process.env.KIND + '\\npod ' + (process.env.DIALER_POD_ID ?? '') + '\\nnodes ' + (process.env.MEDIA_NODES ?? '') + '\\n')).listen(Number(port), host);
if (process.env.GRPC_LISTEN) { const [h, p] = process.env.GRPC_LISTEN.split(':'); tcp(() => {}).listen(Number(p), h); }
if (process.env.FAIL_AT_START === '1') { console.error('config: BAD_VARIABLE is wrong'); process.exit(2); }
process.on('SIGTERM', () => process.exit(0));
`;

describe('stack', () => {
  let root: string;
  beforeAll(async () => {
    root = `${await mkdtemp(join(tmpdir(), 'stack-'))}/`;
    for (const kind of ['campaign', 'dialer', 'media']) {
      await mkdir(join(root, 'services', kind, 'dist'), { recursive: true });
      await writeFile(join(root, 'services', kind, 'dist', 'main.js'), FAKE_SERVICE.replace('process.env.KIND', JSON.stringify(kind)));
    }
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  const base = { databaseUrl: 'postgres://x@127.0.0.1/db', natsUrl: 'nats://127.0.0.1:4222', namespace: 'tstack', nodes: [{ id: 'fs1', host: '127.0.0.1', port: 8021, password: 'pw' }] };

  it('stack › starts campaign, media and dialers with one environment, and each can be killed and restarted', async () => {
    const stack = await startStack({ ...base, root, dialers: 2 });
    try {
      expect(stack.processes.map((p) => p.name)).toEqual(['campaign', 'media-1', 'dialer-1', 'dialer-2']);
      expect(await stack.get('dialer-2').metrics()).toContain('pod dialer-2');
      expect(await stack.get('media-1').metrics()).toContain('"id":"fs1"');
      const exit = await stack.get('dialer-1').kill();
      expect(exit.signal).toBe('SIGKILL');
      expect(stack.get('dialer-1').running()).toBe(false);
      await stack.get('dialer-1').restart();
      expect(await stack.get('dialer-1').metrics()).toContain('kind dialer');
      const added = await stack.add('dialer');
      expect(added.name).toBe('dialer-3');
    } finally {
      await stack.stop();
    }
    expect(stack.processes.every((p) => !p.running())).toBe(true);
  });

  it('stack › a process that exits during start-up fails the start with its output, and nothing is left running', async () => {
    await expect(startStack({ ...base, root, env: { media: { FAIL_AT_START: '1' } } })).rejects.toThrow(StackStartError);
    await expect(startStack({ ...base, root, env: { media: { FAIL_AT_START: '1' } } })).rejects.toThrow(/BAD_VARIABLE/);
  });

  it('stack › a stack without a node is refused', async () => {
    await expect(startStack({ ...base, root, nodes: [] })).rejects.toThrow('at least one FreeSWITCH node');
  });

  it('processCpuMs › reads this process and answers 0 for a process that does not exist', async () => {
    let spin = 0;
    for (let i = 0; i < 2e7; i += 1) spin += i;
    expect(spin).toBeGreaterThan(0);
    expect(await processCpuMs(process.pid)).toBeGreaterThan(0);
    expect(await processCpuMs(2 ** 22 + 12345)).toBe(0);
  });
});
