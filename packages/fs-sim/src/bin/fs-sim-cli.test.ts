import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { RawEslClient, header } from '../testing/raw-esl-client.js';

const here = dirname(fileURLToPath(import.meta.url));
const CLI = resolve(here, 'fs-sim.ts');
const DEMO = resolve(here, '../../scenarios/demo.yaml');

let child: ChildProcess | undefined;

afterEach(() => {
  if (child && child.exitCode === null) child.kill('SIGKILL');
  child = undefined;
});

function run(args: string[], env: Record<string, string> = {}): { process: ChildProcess; output: () => string } {
  let output = '';
  const spawned = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  spawned.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  spawned.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child = spawned;
  return { process: spawned, output: () => output };
}

async function listeningPort(output: () => string): Promise<number> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const match = /fs-sim listening on [^\s]+:(\d+) \(speed (\d+)\)/.exec(output());
    if (match) return Number(match[1]);
    if (Date.now() > deadline) throw new Error(`no listening line in: ${output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('fs-sim command line', () => {
  it('serves the scenario on the port asked for, and SIGTERM shuts down with a disconnect notice', async () => {
    const cli = run(['--listen', '127.0.0.1:0', '--scenario', DEMO, '--speed', '20', '--seed', '3', '--log-level', 'warn'], { FS_SIM_PASSWORD: 'ClueCon' });
    const port = await listeningPort(cli.output);
    const client = await RawEslClient.authed(port, 'ClueCon');
    expect(await client.api('hostname')).toBe('fs-demo-1');
    expect(await client.api('originate sofia/gateway/carrier-a/15550103000 &park()')).toMatch(/^-ERR /);
    cli.process.kill('SIGTERM');
    const [code] = (await once(cli.process, 'exit')) as [number | null];
    expect(code).toBe(0);
    await client.waitClosed();
    expect(client.frames.some((frame) => header(frame, 'Content-Type') === 'text/disconnect-notice')).toBe(true);
  }, 30_000);

  it.each([
    ['no password', ['--listen', '127.0.0.1:0'], 2, '--password (or FS_SIM_PASSWORD) is required'],
    ['a bad speed', ['--password', 'x', '--speed', 'fast'], 2, '--speed must be a positive number, got "fast"'],
    ['an unknown option', ['--password', 'x', '--sped', '2'], 2, "Unknown option '--sped'"],
    ['a scenario that does not validate', ['--password', 'x', '--listen', '127.0.0.1:0', '--scenario', resolve(here, '../../package.json')], 1, 'fs-sim: '],
  ])('refuses %s with exit code %i and says why', async (_what, args, expectedCode, message) => {
    const cli = run(args);
    const [code] = (await once(cli.process, 'exit')) as [number | null];
    expect(code).toBe(expectedCode);
    expect(cli.output()).toContain(message);
  }, 30_000);
});
