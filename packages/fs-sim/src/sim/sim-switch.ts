// The simulated switch put together: the core, its sessions and core-database tables, the gateways and
// callees of the scenario, the applications, and the api table; it is the host the event sockets talk to.
import type { ExtensionApp } from '../apps/app-runner.js';
import { AppRunner } from '../apps/app-runner.js';
import { bridgeApp } from '../apps/bridge.js';
import { DPTOOLS } from '../apps/dptools.js';
import { MediaCatalog } from '../apps/media-catalog.js';
import { API_COMMANDS } from '../api/api-table.js';
import { parseDialString, placeLeg } from '../api/originate.js';
import type { SimContext } from '../api/sim-context.js';
import { Site } from '../core/calling-site.js';
import type { Channel } from '../core/channel.js';
import { ChannelsTable } from '../core/channels-table.js';
import type { FsEvent } from '../core/fs-event.js';
import { Rng } from '../core/rng.js';
import type { Session } from '../core/session.js';
import type { SimClock } from '../core/sim-clock.js';
import { SwitchCore } from '../core/switch-core.js';
import { logStamp } from '../core/time-format.js';
import { GatewayRegistry } from '../endpoints/gateway-registry.js';
import type { ClientCommand } from '../protocol/command-reader.js';
import type { ApiCall, ApiOutcome, EslHost } from '../protocol/esl-host.js';
import type { LogLine } from '../protocol/wire-frames.js';
import { CalleeBook } from '../scenario/callee-book.js';
import type { Scenario } from '../scenario/scenario-schema.js';

const LOG_LEVEL_NAMES = ['CONSOLE', 'ALERT', 'CRIT', 'ERR', 'WARNING', 'NOTICE', 'INFO', 'DEBUG'];

export interface SimSwitchOptions {
  readonly scenario: Scenario;
  readonly seed: number;
  readonly clock: SimClock;
  readonly password: string;
}

export class SimSwitch implements SimContext, EslHost {
  readonly core: SwitchCore;
  readonly gateways: GatewayRegistry;
  readonly callees: CalleeBook;
  readonly runner: AppRunner;
  readonly channelsTable: ChannelsTable;
  readonly sessions = new Map<string, Session>();
  readonly profiles: Scenario['profiles'];
  readonly password: string;
  private readonly logSinks = new Set<(line: LogLine) => void>();
  /** Set by the server: what `fs_sim ...` does. */
  simCommandHandler: (arg: string | undefined) => Promise<string> = () => Promise.resolve('-ERR fs_sim is not wired\n');

  constructor(options: SimSwitchOptions) {
    const { scenario } = options;
    const node = scenario.node;
    this.password = options.password;
    this.profiles = scenario.profiles;
    this.core = new SwitchCore(
      options.clock,
      new Rng(options.seed),
      { hostname: node.hostname, switchname: node.switchname ?? node.hostname, ipv4: node.ipv4, ipv6: node.ipv6 },
      { maxSessions: node.maxSessions, sessionsPerSecond: node.sessionsPerSecond },
    );
    this.gateways = new GatewayRegistry(scenario);
    this.callees = new CalleeBook(scenario, options.seed);
    this.channelsTable = new ChannelsTable(this.core.identity.switchname);
    const media = new MediaCatalog(scenario.media);
    const apps = new Map(DPTOOLS);
    apps.set('bridge', bridgeApp);
    this.runner = new AppRunner(
      {
        core: this.core,
        media,
        locate: (uuid) => this.locate(uuid),
        dialplan: (): ExtensionApp[] => [{ app: 'park', arg: undefined }],
        dial: async (dialString) => {
          const dial = parseDialString(dialString);
          const timeout = Number.parseInt(dial.vars.get('originate_timeout') ?? dial.vars.get('call_timeout') ?? '', 10);
          return placeLeg(this, dial, timeout > 0 ? timeout : 60);
        },
      },
      apps,
    );
    this.core.subscribe((event) => this.onEvent(event));
    this.core.startHeartbeat();
  }

  // The core database and the session table follow the events, as switch_core_sqldb.c does.
  private onEvent(event: FsEvent): void {
    this.channelsTable.apply(event, Math.floor(this.core.clock.nowMs() / 1000));
    if (event.name === 'CHANNEL_DESTROY') {
      const uuid = event.get('Unique-ID');
      if (uuid !== undefined) this.sessions.delete(uuid);
    }
  }

  addSession(session: Session): void {
    this.sessions.set(session.channel.uuid, session);
    this.core.addChannel(session.channel);
  }

  locate(uuid: string): Session | undefined {
    return this.sessions.get(uuid);
  }

  // ---- EslHost -------------------------------------------------------------------------------------------

  async api(call: ApiCall): Promise<ApiOutcome> {
    const command = API_COMMANDS.get(call.command);
    if (!command) return { found: false };
    const result = await command(this, call.arg === '' ? undefined : call.arg);
    return result.continuation === undefined
      ? { found: true, output: result.output }
      : { found: true, output: result.output, continuation: result.continuation };
  }

  /** api_exec() with acs->bg: the job's result as a BACKGROUND_JOB event. */
  backgroundJob(job: { uuid: string; ownerUuid: string | undefined; command: string; arg: string | undefined; output: string }): void {
    const event = this.core.createEvent('BACKGROUND_JOB', Site.backgroundJob);
    event.add('Job-UUID', job.uuid).add('Job-Owner-UUID', job.ownerUuid).add('Job-Command', job.command).add('Job-Command-Arg', job.arg);
    event.body = job.output;
    this.core.fire(event);
  }

  newUuid(): string {
    return this.core.rng.uuid();
  }

  locateChannel(uuid: string): Channel | undefined {
    return this.sessions.get(uuid)?.channel;
  }

  queuePrivateEvent(uuid: string, command: ClientCommand): boolean {
    const session = this.sessions.get(uuid);
    if (!session) return false;
    session.queuePrivateEvent(command);
    return true;
  }

  /** sendevent: an event aimed at a live session is queued to it (and not fired); any other is fired. */
  sendEvent(event: FsEvent, targetUuid: string | undefined): void {
    if (targetUuid !== undefined && this.sessions.has(targetUuid)) return;
    this.core.stamp(event, Site.sendEvent);
    this.core.fire(event);
  }

  subscribe(sink: (event: FsEvent) => void): () => void {
    return this.core.subscribe(sink);
  }

  subscribeLog(sink: (line: LogLine) => void): () => void {
    this.logSinks.add(sink);
    return () => this.logSinks.delete(sink);
  }

  holdSession(uuid: string, onDown: () => void): () => void {
    const session = this.sessions.get(uuid);
    if (!session) return () => undefined;
    session.hold();
    const stop = session.onDown(onDown);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      stop();
      session.release();
    };
  }

  nowMs(): number {
    return this.core.clock.nowMs();
  }

  after(delayMs: number, run: () => void): () => void {
    return this.core.timers.after(delayMs, run);
  }

  // ---- SimContext ------------------------------------------------------------------------------------------

  log(line: { level: number; file: string; func: string; line: number; text: string }): void {
    const data = `${logStamp(this.core.nowMicros())} 99.10% [${LOG_LEVEL_NAMES[line.level] ?? 'DEBUG'}] ${line.file}:${line.line} ${line.text}`;
    for (const sink of this.logSinks) {
      sink({ level: line.level, channel: 0, file: line.file, func: line.func, line: line.line, userData: '', data });
    }
  }

  simCommand(arg: string | undefined): Promise<string> {
    return this.simCommandHandler(arg);
  }

  /** A restart: every channel vanishes without an event, the core starts over with a new Core-UUID. */
  restart(): void {
    this.core.reset();
    this.sessions.clear();
    this.channelsTable.clear();
    this.gateways.reset();
    this.core.startHeartbeat();
  }

  stop(): void {
    this.core.stop();
  }
}
