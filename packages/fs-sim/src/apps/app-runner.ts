// The session thread's application layer: switch_core_session_exec() (CHANNEL_EXECUTE / _COMPLETE around an
// application), switch_core_standard_on_execute() (an extension's applications in order), switch_ivr_park()
// and switch_ivr_parse_event() / switch_ivr_parse_next_event() (sendmsg, then PRIVATE_COMMAND).
import { Site } from '../core/calling-site.js';
import { ChannelState } from '../core/channel-state.js';
import { causeNumber, str2cause } from '../core/hangup-cause.js';
import type { Session } from '../core/session.js';
import type { SwitchCore } from '../core/switch-core.js';
import { type ClientCommand, commandHeader } from '../protocol/command-reader.js';
import { runUuidBridge } from './bridge.js';
import type { MediaCatalog } from './media-catalog.js';

export interface ExtensionApp {
  readonly app: string;
  readonly arg: string | undefined;
}

export interface AppEnvironment {
  readonly core: SwitchCore;
  readonly media: MediaCatalog;
  locate(uuid: string): Session | undefined;
  /** The dialplan a transfer lands in: fs-sim parks every destination, like the project's dialplans do. */
  dialplan(destination: string, context: string): ExtensionApp[];
  /** Places a B leg (the bridge application): the originate of a dial string with the caller's variables. */
  dial(dialString: string): Promise<{ ok: true; session: Session } | { ok: false; cause: number; session?: Session }>;
}

export type AppFunction = (session: Session, arg: string | undefined, runner: AppRunner) => Promise<void>;

/** The park loop reads the channel every 20 ms; a queued sendmsg is picked up on its next read. */
const PARK_TICK_MS = 20;

export class AppRunner {
  constructor(
    readonly env: AppEnvironment,
    private readonly apps: ReadonlyMap<string, AppFunction>,
  ) {}

  /** CS_EXECUTE: run the extension, follow transfers, and hang up when no application is left. */
  async runExtension(session: Session, extension: readonly ExtensionApp[]): Promise<void> {
    const ch = session.channel;
    session.threadRunning = true;
    try {
      let apps = extension;
      for (;;) {
        ch.state = ChannelState.Execute;
        session.setRunningState(ChannelState.Execute);
        ch.setVar('call_uuid', ch.uuid);
        for (const { app, arg } of apps) {
          if (ch.isDown || session.pendingTransfer || session.pendingBridge) break;
          await this.parseAllEvents(session);
          if (ch.isDown || session.pendingTransfer || session.pendingBridge) break;
          await this.execute(session, app, arg);
        }
        const bridge = session.pendingBridge;
        if (bridge && !ch.isDown) {
          session.pendingBridge = undefined;
          await runUuidBridge(this, session, bridge.peer, bridge.originator);
          if (!ch.isDown) session.hangup(causeNumber('NORMAL_CLEARING'), 0);
          break;
        }
        const transfer = session.pendingTransfer;
        if (transfer && !ch.isDown) {
          session.pendingTransfer = undefined;
          apps = this.enterDialplan(session, transfer);
          continue;
        }
        if (!ch.isDown) session.hangup(causeNumber('NORMAL_CLEARING'), 0);
        break;
      }
      await session.waitHangupNoticed();
    } finally {
      session.threadRunning = false;
      session.teardown();
    }
  }

  // switch_ivr_session_transfer(): a new caller profile for the new destination, back through CS_ROUTING.
  private enterDialplan(session: Session, transfer: { destination: string; dialplan: string; context: string }): readonly ExtensionApp[] {
    const ch = session.channel;
    const p = ch.profile;
    const nowMicros = session.core.nowMicros();
    const source = `${Math.floor(nowMicros / 1_000_000)}:${session.core.rng.uuid()}:bl_xfer:${transfer.destination}/${transfer.context}/${transfer.dialplan}`;
    p.rdnis = p.destinationNumber;
    p.destinationNumber = transfer.destination;
    p.dialplan = transfer.dialplan;
    p.context = transfer.context;
    p.logicalDirection = 'inbound';
    p.transferSource = source;
    p.profileIndex = String(Number(p.profileIndex) + 1);
    p.times.profileCreated = nowMicros;
    p.times.transferred = nowMicros;
    ch.setVar('max_forwards', '70');
    ch.setVar('transfer_history', source);
    ch.setVar('transfer_source', source);
    ch.state = ChannelState.Routing;
    session.setRunningState(ChannelState.Routing);
    return this.env.dialplan(transfer.destination, transfer.context);
  }

  /**
   * switch_core_session_exec(): current_application(_data) set, CHANNEL_EXECUTE, the application, then
   * CHANNEL_EXECUTE_COMPLETE with its response. An unknown application hangs the channel up
   * (DESTINATION_OUT_OF_ORDER), and a channel already down runs nothing.
   */
  async execute(session: Session, app: string, arg: string | undefined, appUuid?: string): Promise<boolean> {
    const ch = session.channel;
    if (ch.isDown) return false;
    const fn = this.apps.get(app);
    if (!fn) {
      session.hangup(causeNumber('DESTINATION_OUT_OF_ORDER'), 0);
      return false;
    }
    const uuid = appUuid ?? session.core.rng.uuid();
    ch.setVar('current_application', app);
    ch.setVar('current_application_data', arg);
    ch.setVar('current_application_response', undefined);
    const headers = (withResponse: boolean): Array<readonly [string, string]> => {
      const list: Array<readonly [string, string]> = [['Application', app]];
      if (arg !== undefined && arg !== '') list.push(['Application-Data', arg]);
      if (withResponse) list.push(['Application-Response', ch.getVar('current_application_response') ?? '_none_']);
      list.push(['Application-UUID', uuid]);
      return list;
    };
    session.fire('CHANNEL_EXECUTE', Site.execute, { after: headers(false) });
    session.breakSignal = new AbortController();
    ch.setVar('current_application', app);
    ch.lastApp = { app, arg: arg === '' ? undefined : arg };
    await fn(session, arg, this);
    session.fire('CHANNEL_EXECUTE_COMPLETE', Site.executeComplete, { after: headers(true) });
    return true;
  }

  /** switch_ivr_parse_all_events() */
  async parseAllEvents(session: Session): Promise<void> {
    while (session.hasPrivateEvents && !session.channel.isDown) {
      const command = session.takePrivateEvent()!;
      await this.parseEvent(session, command);
    }
  }

  /** switch_ivr_parse_next_event(): run one sendmsg, then fire it again as PRIVATE_COMMAND. */
  async parseEvent(session: Session, command: ClientCommand): Promise<void> {
    const callCommand = commandHeader(command, 'call-command')?.toLowerCase();
    if (callCommand === 'execute') {
      const app = commandHeader(command, 'execute-app-name');
      let arg = commandHeader(command, 'execute-app-arg');
      const contentType = commandHeader(command, 'content-type');
      if ((arg === undefined || arg === '') && contentType?.toLowerCase() === 'text/plain') arg = command.body;
      const loops = Number.parseInt(commandHeader(command, 'loops') ?? '1', 10) || 1;
      const eventUuid = commandHeader(command, 'event-uuid');
      if (app !== undefined) {
        const ch = session.channel;
        for (let loop = 0; loop < loops || loops < 0; loop++) {
          const startedMs = session.core.clock.nowMs();
          ch.setVar('current_loop', loop + 1);
          ch.setVar('total_loops', loops);
          if (!(await this.execute(session, app, arg, eventUuid))) break;
          // The loop stops on hangup, and after an application that ran under half a second.
          if (ch.isDown || session.core.clock.nowMs() - startedMs < 500) break;
        }
        ch.setVar('current_loop', undefined);
        ch.setVar('total_loops', undefined);
      }
    } else if (callCommand === 'hangup') {
      session.hangup(str2cause(commandHeader(command, 'hangup-cause')), 0);
    }
    const event = session.core.createEvent('PRIVATE_COMMAND', Site.privateCommand);
    // The event is the sendmsg itself: its own headers first, then the core headers and the channel's.
    const core = event.headers.splice(0);
    if (command.line !== '') event.add('Command', command.line);
    for (const [name, value] of command.headers) event.add(name, value);
    event.headers.push(...core);
    session.channel.eventData(event);
    if (command.body !== undefined) event.body = command.body;
    session.core.fire(event);
  }

  /** switch_ivr_park(): CHANNEL_PARK, then read the channel (DTMF, sendmsg) until hangup or transfer. */
  async park(session: Session): Promise<void> {
    session.fire('CHANNEL_PARK', Site.park);
    session.parked = true;
    while (!session.hungUp && !session.pendingTransfer && !session.pendingBridge) {
      if (session.hasDtmf) {
        session.dequeueDtmf();
        continue;
      }
      if (session.hasPrivateEvents && !session.channel.isDown) {
        await session.waitForInput(PARK_TICK_MS, session.hangupSignal.signal);
        if (session.hungUp) break;
        const command = session.takePrivateEvent();
        if (command) await this.parseEvent(session, command);
        continue;
      }
      await session.waitForInput(Number.POSITIVE_INFINITY);
    }
    session.parked = false;
    session.fire('CHANNEL_UNPARK', Site.unpark);
  }
}
