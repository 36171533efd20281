// What api commands see of the simulated switch.
import type { AppRunner } from '../apps/app-runner.js';
import type { ChannelsTable } from '../core/channels-table.js';
import type { Session } from '../core/session.js';
import type { SwitchCore } from '../core/switch-core.js';
import type { GatewayRegistry } from '../endpoints/gateway-registry.js';
import type { CalleeBook } from '../scenario/callee-book.js';
import type { Scenario } from '../scenario/scenario-schema.js';

export interface ApiResult {
  readonly output: string;
  /** Runs after the reply (api) or the BACKGROUND_JOB (bgapi) is out, e.g. the originated call's extension. */
  readonly continuation?: () => void;
}

export interface SimContext {
  readonly core: SwitchCore;
  readonly gateways: GatewayRegistry;
  readonly callees: CalleeBook;
  readonly runner: AppRunner;
  readonly profiles: Scenario['profiles'];
  readonly sessions: ReadonlyMap<string, Session>;
  readonly channelsTable: ChannelsTable;
  addSession(session: Session): void;
  /** switch_core_session_locate(): a live session (not yet destroyed). */
  locate(uuid: string): Session | undefined;
  /** A log line for `log` subscribers (switch_log_printf). */
  log(line: { level: number; file: string; func: string; line: number; text: string }): void;
  /** The namespaced control channel of the simulator (`fsctl_sim ...`). */
  simCommand(arg: string | undefined): Promise<string>;
}

export type ApiCommand = (ctx: SimContext, arg: string | undefined) => ApiResult | Promise<ApiResult>;
