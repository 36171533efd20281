// startFsSim(): a simulated FreeSWITCH node listening on a TCP port, usable in-process from tests and by the CLI.
import { type Logger, silentLogger } from '@ringpace/log';
import { type SimClock, SpeedClock } from '../core/sim-clock.js';
import type { PlacedCall } from '../scenario/callee-book.js';
import { EslServer } from '../protocol/esl-server.js';
import { loadScenarioFile, parseScenario } from '../scenario/load-scenario.js';
import type { Scenario, ScenarioInput } from '../scenario/scenario-schema.js';
import { type FaultControl, createFaultControl, handleSimCommand } from './sim-command.js';
import { SimSwitch } from './sim-switch.js';

export interface FsSimOptions {
  /** `host:port`; port 0 picks a free port. Default 127.0.0.1:0. */
  readonly listen?: string;
  /** The event-socket password (`auth <password>`). */
  readonly password: string;
  /** A scenario object, or the path of a YAML/JSON scenario file. */
  readonly scenario?: ScenarioInput | Scenario | string;
  /** Simulated milliseconds per real millisecond (ignored when `clock` is given). Default 1. */
  readonly speed?: number;
  /** Seeds UUIDs, SIP identifiers and every callee decision. Default: the scenario's seed, else 1. */
  readonly seed?: number;
  /** A time source instead of `speed`, e.g. a ManualClock of @ringpace/clock in tests. */
  readonly clock?: SimClock;
  readonly log?: Logger;
  /** Keep every call placed through a gateway, for `placedCalls()` (tests; grows with every call). */
  readonly recordCalls?: boolean;
}

export interface ChannelSnapshot {
  readonly uuid: string;
  readonly name: string;
  readonly state: string;
  readonly callState: string;
  readonly answered: boolean;
  readonly hangupCause: string | undefined;
  readonly variables: Readonly<Record<string, string>>;
}

export interface FsSim {
  readonly host: string;
  readonly port: number;
  /** The switch's simulated time (the scheduler over the given clock or speed). */
  readonly clock: SimClock;
  /** Faults on command, the same ones `api fs_sim fault ...` applies. */
  readonly fault: FaultControl;
  channels(): ChannelSnapshot[];
  /** How many channels exist, without building snapshots (cheap enough to poll under load). */
  channelCount(): number;
  /** Every call placed through a gateway since start, in order (only with `recordCalls`; otherwise empty). */
  placedCalls(): PlacedCall[];
  /** How many event-socket connections are open. */
  connections(): number;
  /** DTMF from the far end of a call, as if the callee pressed keys (RFC 2833). */
  sendDtmf(uuid: string, digits: string): boolean;
  stop(): Promise<void>;
}

export async function startFsSim(options: FsSimOptions): Promise<FsSim> {
  const log = options.log ?? silentLogger();
  const scenario = typeof options.scenario === 'string'
    ? await loadScenarioFile(options.scenario)
    : parseScenario(options.scenario ?? {});
  const seed = options.seed ?? scenario.seed ?? 1;
  const clock = options.clock ?? new SpeedClock(options.speed ?? 1);
  const sim = new SimSwitch({ scenario, seed, clock, password: options.password });
  sim.callees.recordCalls = options.recordCalls === true;
  const server = new EslServer(sim, log);
  const fault = createFaultControl(sim, server, log);
  sim.simCommandHandler = (arg) => handleSimCommand(fault, sim, arg);
  const [host, portText] = splitListen(options.listen ?? '127.0.0.1:0');
  const bound = await server.listen({ host, port: Number(portText) });
  log.info({ host: bound.host, port: bound.port, seed, gateways: scenario.gateways.length }, 'fs-sim listening');

  return {
    host: bound.host,
    port: bound.port,
    clock: sim.core.clock,
    fault,
    channels: () =>
      [...sim.sessions.values()].map(({ channel }) => ({
        uuid: channel.uuid,
        name: channel.name,
        state: channel.runningState,
        callState: channel.callState,
        answered: channel.answered,
        hangupCause: channel.hangupCause === undefined ? undefined : String(channel.getVar('hangup_cause') ?? channel.hangupCause),
        variables: Object.fromEntries(channel.variables),
      })),
    channelCount: () => sim.sessions.size,
    placedCalls: () => [...sim.callees.placed],
    connections: () => server.connectionCount,
    sendDtmf: (uuid, digits) => {
      const session = sim.locate(uuid);
      if (!session || session.channel.isDown) return false;
      for (const digit of digits) session.queueDtmf({ digit, duration: 2080, source: 'RTP' });
      return true;
    },
    stop: async () => {
      fault.clear();
      sim.stop();
      await server.close();
    },
  };
}

function splitListen(listen: string): [string, string] {
  const colon = listen.lastIndexOf(':');
  if (colon < 0) return ['127.0.0.1', listen];
  return [listen.slice(0, colon).replace(/^\[|\]$/g, ''), listen.slice(colon + 1)];
}
