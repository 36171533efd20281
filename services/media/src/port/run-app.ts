// One dialplan application on the channel, as a verb needs it: sent with `sendmsg execute`, awaited until
// its CHANNEL_EXECUTE_COMPLETE, cut short by the callee's hang-up (an outcome) or by the flow's abort
// (`uuid_break`, then the abort reason is thrown: the verb's "kill").
import { EslCommandError, type ExecuteComplete } from '@ringpace/esl';
import type { CalleeHangup } from '@ringpace/flow';
import type { ChannelControl } from './channel-control.js';

export const HANGUP: CalleeHangup = { kind: 'hangup' };
/** A prompt played to its end (the outcome carries nothing else). */
export const PLAYED = { kind: 'done' } as const;

export type AppResult = { readonly kind: 'done'; readonly complete: ExecuteComplete } | CalleeHangup;

export async function channelExists(ch: ChannelControl): Promise<boolean> {
  const result = await ch.esl.api(`uuid_exists ${ch.uuid}`, { timeoutMs: ch.settings.commandTimeoutMs });
  return result.body.trim() === 'true';
}

/** A command refused because the channel is gone is the callee's hang-up, not a failure. */
export async function goneOrThrow(ch: ChannelControl, error: unknown): Promise<CalleeHangup> {
  if (ch.ended.aborted) return HANGUP;
  if (error instanceof EslCommandError && !(await channelExists(ch).catch(() => true))) return HANGUP;
  throw error;
}

/** `api <command>` on behalf of a verb; `-ERR` for a channel that is gone is a hang-up. */
export async function channelApi(ch: ChannelControl, command: string): Promise<'ok' | CalleeHangup> {
  const result = await ch.esl.api(command, { timeoutMs: ch.settings.commandTimeoutMs });
  if (result.ok) return 'ok';
  if (ch.ended.aborted || !(await channelExists(ch))) return HANGUP;
  throw new EslCommandError(`api ${command.split(' ')[0] ?? command}`, result.body.trim());
}

export function runApp(ch: ChannelControl, app: string, arg: string | undefined, signal: AbortSignal): Promise<AppResult> {
  if (ch.ended.aborted) return Promise.resolve(HANGUP);
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  const execution = ch.esl.executeAndWait(ch.uuid, app, arg, { timeoutMs: ch.settings.appTimeoutMs });
  return new Promise<AppResult>((resolve, reject) => {
    let offEnded = (): void => undefined;
    const cleanup = () => {
      offEnded();
      signal.removeEventListener('abort', onAbort);
    };
    offEnded = ch.ended.onEnd(() => {
      cleanup();
      resolve(HANGUP);
    });
    const onAbort = () => {
      cleanup();
      ch.esl.api(`uuid_break ${ch.uuid} all`, { timeoutMs: ch.settings.commandTimeoutMs }).catch((error: unknown) => ch.log.debug({ err: error }, 'uuid_break failed'));
      reject(signal.reason as Error);
    };
    signal.addEventListener('abort', onAbort, { once: true });
    execution.then(
      (complete) => {
        cleanup();
        // FreeSWITCH completes the application of a channel that hung up mid-way, too.
        resolve(ch.ended.aborted || complete.event.headers.get('Answer-State') === 'hangup' ? HANGUP : { kind: 'done', complete });
      },
      (error: unknown) => {
        cleanup();
        goneOrThrow(ch, error).then(resolve, reject);
      },
    );
  });
}

/** A channel variable as the application's CHANNEL_EXECUTE_COMPLETE carried it. */
export function variableOf(complete: ExecuteComplete, name: string): string | undefined {
  const value = complete.event.headers.get(`variable_${name}`);
  return value === undefined || value === '' ? undefined : value;
}
