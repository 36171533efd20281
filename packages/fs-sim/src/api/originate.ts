// `originate <url> <exten>|&<app>(<args>) [<dialplan>] [<context>] [<cid_name>] [<cid_num>] [<timeout>]`:
// originate_function() of mod_commands.c over switch_ivr_originate() (src/switch_ivr_originate.c) for the
// endpoints fs-sim models: sofia/gateway/<gateway>/<number> and error/<cause>.
import type { ExtensionApp } from '../apps/app-runner.js';
import type { Session } from '../core/session.js';
import { causeName, causeNumber, str2cause } from '../core/hangup-cause.js';
import { separateString } from '../core/separate-string.js';
import { startGatewayLeg } from './gateway-leg.js';
import type { ApiResult, SimContext } from './sim-context.js';

const ORIGINATE_SYNTAX =
  '<call url> <exten>|&<application_name>(<app_args>) [<dialplan>] [<context>] [<cid_name>] [<cid_num>] [<timeout_sec>]';
/** The originate wait loop sleeps 20 ms between looks at its peer (switch_yield(20000)). */
const ORIGINATE_TICK_MS = 20;

export async function originate(ctx: SimContext, arg: string | undefined): Promise<ApiResult> {
  if (arg === undefined || arg.trim() === '') return { output: `-USAGE: ${ORIGINATE_SYNTAX}\n` };
  const argv = separateString(arg, ' ', 10).map((word) => (word.toLowerCase() === 'undef' ? undefined : word));
  if (argv.length < 2 || argv.length > 7) return { output: `-USAGE: ${ORIGINATE_SYNTAX}\n` };
  const [url, exten, dialplan, context, cidName, cidNum, timeoutArg] = argv;
  const dial = parseDialString(url ?? '');
  let timeoutSec = timeoutArg === undefined ? 60 : Number.parseInt(timeoutArg, 10) || 60;
  const originateTimeout = Number.parseInt(dial.vars.get('originate_timeout') ?? '', 10);
  if (originateTimeout > 0) timeoutSec = originateTimeout;
  if (cidName !== undefined && !dial.vars.has('origination_caller_id_name')) dial.vars.set('origination_caller_id_name', cidName);
  if (cidNum !== undefined && !dial.vars.has('origination_caller_id_number')) dial.vars.set('origination_caller_id_number', cidNum);

  const leg = await placeLeg(ctx, dial, timeoutSec);
  if (!leg.ok) {
    // The originate holds its failed leg until it has returned: CHANNEL_DESTROY follows the job's result.
    const failed = leg.session;
    return failed === undefined
      ? { output: `-ERR ${causeName(leg.cause)}\n` }
      : { output: `-ERR ${causeName(leg.cause)}\n`, continuation: () => failed.release() };
  }
  const extension = parseExtension(ctx, exten ?? '', dialplan ?? 'XML', context ?? 'default');
  const session = leg.session;
  return {
    output: `+OK ${session.channel.uuid}\n`,
    // After the reply or the BACKGROUND_JOB: the session thread enters CS_EXECUTE and runs the extension.
    continuation: () => {
      session.release();
      void ctx.runner.runExtension(session, extension);
    },
  };
}

/** A failed leg that got as far as a channel is still held; whoever placed it releases it. */
export type LegResult = { ok: true; session: Session } | { ok: false; cause: number; session?: Session };

/**
 * switch_ivr_originate() for one leg: create it, wait (looking every 20 ms) until it answers, fails, or the
 * timeout passes. The timeout is counted in whole seconds of the clock (`switch_epoch_time_now() - start`),
 * so `originate_timeout=5` ends between 4 and 5 seconds after the start.
 */
export async function placeLeg(ctx: SimContext, dial: DialString, timeoutSec: number): Promise<LegResult> {
  const endpoint = dial.endpoint;
  const slash = endpoint.indexOf('/');
  const tech = slash < 0 ? endpoint : endpoint.slice(0, slash);
  const rest = slash < 0 ? '' : endpoint.slice(slash + 1);
  if (tech === 'error') {
    // error_outgoing_channel() (mod_dptools.c): the cause named by the destination, no channel at all.
    const cause = str2cause(rest);
    return { ok: false, cause: cause === 0 ? causeNumber('DESTINATION_OUT_OF_ORDER') : cause };
  }
  if (tech !== 'sofia') return { ok: false, cause: causeNumber('CHAN_NOT_IMPLEMENTED') };
  const started = startGatewayLeg(ctx, rest, dial.vars);
  if (!started.ok) return started;
  const session = started.session;
  session.hold();
  const outcome = await waitForLeg(ctx, session, timeoutSec);
  if (outcome === 'answered') {
    session.sortCid();
    return { ok: true, session };
  }
  if (outcome === 'timeout') {
    session.hangup(causeNumber('NO_ANSWER'));
    return { ok: false, cause: causeNumber('NO_ANSWER'), session };
  }
  return { ok: false, cause: session.channel.hangupCause ?? causeNumber('NORMAL_CLEARING'), session };
}

/**
 * The wait loop of switch_ivr_originate(): every 20 ms it looks at the peer. A peer that went down is
 * reported once its session thread has torn it down (HANGUP_COMPLETE comes before the job result); the
 * timeout is `switch_epoch_time_now(NULL) - start >= timelimit_sec`, in whole seconds.
 */
function waitForLeg(ctx: SimContext, session: Session, timeoutSec: number): Promise<'answered' | 'down' | 'timeout'> {
  const clock = ctx.core.clock;
  const startSecond = Math.floor(clock.nowMs() / 1000);
  return new Promise((resolve) => {
    const ch = session.channel;
    const look = (): void => {
      if (ch.isDown) {
        if (session.isTornDown) return resolve('down');
      } else if (ch.answered) {
        return resolve('answered');
      } else if (Math.floor(clock.nowMs() / 1000) - startSecond >= timeoutSec) {
        return resolve('timeout');
      }
      ctx.core.timers.after(ORIGINATE_TICK_MS, look);
    };
    ctx.core.timers.after(ORIGINATE_TICK_MS, look);
  });
}

export interface DialString {
  readonly vars: Map<string, string>;
  readonly endpoint: string;
}

/** `{a=1,b='x y'}[c=2]endpoint`: global then per-leg variables; only the first leg of a list is dialled. */
export function parseDialString(url: string): DialString {
  const vars = new Map<string, string>();
  let rest = url.trim();
  for (const [open, close] of [['{', '}'], ['<', '>'], ['[', ']']] as const) {
    if (rest.startsWith(open)) {
      const end = rest.indexOf(close);
      if (end < 0) break;
      for (const pair of separateString(rest.slice(1, end), ',', 1024)) {
        const eq = pair.indexOf('=');
        if (eq > 0) vars.set(pair.slice(0, eq), pair.slice(eq + 1));
      }
      rest = rest.slice(end + 1);
    }
  }
  const first = rest.split(/[,|]/)[0] ?? '';
  return { vars, endpoint: first };
}

/** `&app(args)` runs one application; anything else is an extension of the (simulated) dialplan. */
function parseExtension(ctx: SimContext, exten: string, dialplan: string, context: string): ExtensionApp[] {
  if (exten.startsWith('&') && exten.length > 1) {
    let app = exten.slice(1);
    const close = app.indexOf(')');
    if (close >= 0) app = app.slice(0, close);
    const open = app.indexOf('(');
    const arg = open >= 0 ? app.slice(open + 1) : undefined;
    return [{ app: open >= 0 ? app.slice(0, open) : app, arg }];
  }
  void dialplan;
  return ctx.runner.env.dialplan(exten, context);
}
