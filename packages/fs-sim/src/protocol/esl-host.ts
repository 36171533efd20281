// What an event-socket connection needs from the simulated switch. The protocol layer only knows this
// interface, so mod_event_socket's behaviour can be tested without a switch behind it.
import type { Channel } from '../core/channel.js';
import type { FsEvent } from '../core/fs-event.js';
import type { ClientCommand } from './command-reader.js';
import type { LogLine } from './wire-frames.js';

export type ApiOutcome =
  | {
      readonly found: true;
      readonly output: string;
      /** Runs once the reply (api) or BACKGROUND_JOB (bgapi) is out: e.g. an originated call starts executing. */
      readonly continuation?: () => void;
    }
  | { readonly found: false };

export interface ApiCall {
  readonly command: string;
  readonly arg: string | undefined;
  /** The session a myevents listener controls, which owns its bgapi jobs (Job-Owner-UUID). */
  readonly ownerUuid: string | undefined;
}

export interface EslHost {
  readonly password: string;
  /** switch_api_execute(): `found: false` where FreeSWITCH has no such api command. */
  api(call: ApiCall): Promise<ApiOutcome>;
  /** Fires the BACKGROUND_JOB of a finished bgapi (api_exec with acs->bg). */
  backgroundJob(job: { uuid: string; ownerUuid: string | undefined; command: string; arg: string | undefined; output: string }): void;
  newUuid(): string;
  locateChannel(uuid: string): Channel | undefined;
  /** switch_core_session_queue_private_event(): a sendmsg for a channel; false if it is gone. */
  queuePrivateEvent(uuid: string, command: ClientCommand): boolean;
  /** sendevent: an event built from the client's headers, stamped and fired (or queued to its session). */
  sendEvent(event: FsEvent, targetUuid: string | undefined): void;
  subscribe(sink: (event: FsEvent) => void): () => void;
  subscribeLog(sink: (line: LogLine) => void): () => void;
  /**
   * A myevents listener holds a read lock on its session, so the channel is not destroyed until the listener
   * lets go (listener_run releases it when the connection ends). `onDown` runs once the channel hangs up.
   */
  holdSession(uuid: string, onDown: () => void): () => void;
  /** The simulator's clock, for the pre-auth and linger timers. */
  nowMs(): number;
  after(delayMs: number, run: () => void): () => void;
}
