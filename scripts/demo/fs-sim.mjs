// fs-sim as a child process of the demo (its own process group, so a Ctrl-C reaches the demo first and the
// simulator is stopped after the services), on a free port, with the demo's speed, clock origin and seed.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';

const START_TIMEOUT_MS = 20_000;

export async function startFsSimProcess({ root, scenario, speed, clockOriginMs, seed, onOutput = () => undefined }) {
  const password = randomBytes(12).toString('base64url');
  const args = [`${root}packages/fs-sim/dist/bin/fs-sim.js`, '--listen', '127.0.0.1:0', '--scenario', scenario, '--speed', String(speed), '--clock-origin', String(clockOriginMs), '--seed', String(seed), '--log-level', 'warn'];
  const child = spawn(process.execPath, args, { env: { ...process.env, FS_SIM_PASSWORD: password }, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let pending = '';
  const onData = (chunk) => {
    const text = chunk.toString('utf8');
    output = (output + text).slice(-8_000);
    pending += text;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) if (line !== '') onOutput(line);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  let done = false;
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  void exited.then(() => (done = true));
  const stop = async () => {
    if (done) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };

  const deadline = Date.now() + START_TIMEOUT_MS;
  for (;;) {
    const match = /fs-sim listening on ([^\s:]+):(\d+)/.exec(output);
    if (match) return { host: match[1], port: Number(match[2]), password, pid: child.pid, stop, exited: () => exited, running: () => !done };
    if (done || Date.now() > deadline) {
      await stop();
      throw new Error(`fs-sim did not start (${done ? `exited with ${await exited}` : 'no listening line in 20 s'}):\n${output}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
