#!/usr/bin/env node
// The fs-sim command: a simulated FreeSWITCH node on a TCP port, for the demo and for manual testing.
//   fs-sim --listen 127.0.0.1:8021 --password P --scenario FILE [--speed N] [--seed N] [--log-level L]
import { parseArgs } from 'node:util';
import { createLogger, type LogLevel } from '@ringpace/log';
import { isAppError } from '@ringpace/errors';
import { startFsSim } from '../sim/start-fs-sim.js';
import { SpeedClock } from '../core/sim-clock.js';

const USAGE = `usage: fs-sim --listen <host:port> --password <password> [--scenario <file.yaml|json>] [--speed <n>] [--clock-origin <ms>] [--seed <n>] [--log-level <level>]

  --listen     where the event socket listens (default 127.0.0.1:8021)
  --password   the event-socket password (or FS_SIM_PASSWORD)
  --scenario   gateways and callees (YAML or JSON); without one, every number rings unanswered
  --speed      simulated milliseconds per real millisecond (default 1)
  --clock-origin  epoch ms at which simulated time equalled real time; processes sharing it agree on the time
  --seed       seeds every random choice (default: the scenario's seed, else 1)

Faults while running: api fs_sim fault drop|stall <ms>|slow <ms>|restart [<ms>]|clear`;

async function main(): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        listen: { type: 'string', default: '127.0.0.1:8021' },
        password: { type: 'string' },
        scenario: { type: 'string' },
        speed: { type: 'string', default: '1' },
        seed: { type: 'string' },
        'clock-origin': { type: 'string' },
        'log-level': { type: 'string', default: 'info' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  const password = values.password ?? process.env.FS_SIM_PASSWORD;
  const speed = Number(values.speed);
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  const origin = values['clock-origin'] === undefined ? undefined : Number(values['clock-origin']);
  const problems: string[] = [];
  if (!password) problems.push('--password (or FS_SIM_PASSWORD) is required');
  if (!Number.isFinite(speed) || speed <= 0) problems.push(`--speed must be a positive number, got "${values.speed}"`);
  if (origin !== undefined && !Number.isInteger(origin)) problems.push(`--clock-origin must be epoch milliseconds, got "${values['clock-origin']}"`);
  if (seed !== undefined && !Number.isInteger(seed)) problems.push(`--seed must be an integer, got "${values.seed}"`);
  if (problems.length > 0 || !password) {
    process.stderr.write(`${problems.join('\n')}\n${USAGE}\n`);
    return 2;
  }
  const log = createLogger({ service: 'fs-sim', level: values['log-level'] as LogLevel });
  try {
    const sim = await startFsSim({
      listen: values.listen,
      password,
      speed,
      log,
      // With a shared origin every process of a run reads the same simulated time, whenever it started.
      ...(origin === undefined ? {} : { clock: new SpeedClock(speed, origin + (Date.now() - origin) * speed) }),
      ...(values.scenario === undefined ? {} : { scenario: values.scenario }),
      ...(seed === undefined ? {} : { seed }),
    });
    process.stdout.write(`fs-sim listening on ${sim.host}:${sim.port} (speed ${speed})\n`);
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await sim.stop();
    return 0;
  } catch (error) {
    const message = isAppError(error) ? error.message : (error as Error).message;
    process.stderr.write(`fs-sim: ${message}\n`);
    return 1;
  }
}

process.exitCode = await main();
