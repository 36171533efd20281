// The result of a bgapi command: the BACKGROUND_JOB event with our Job-UUID, whose body is
// `+OK <value>\n` or `-ERR <text>\n` (captures README points 8 and 9; gateway point G2).
import type { EslEvent } from '../decode/esl-event.js';
import { isHangupCause, type HangupCause } from '../model/hangup-cause.js';

export type BackgroundJobResult =
  | {
      readonly ok: true;
      readonly jobUuid: string;
      /** `Job-Command` and `Job-Command-Arg` as FreeSWITCH echoes them (`originate`, `{...}sofia/gateway/...`). */
      readonly command: string | undefined;
      readonly arg: string | undefined;
      /** What follows `+OK `, without the final LF (`originate`: the channel uuid). */
      readonly value: string;
      readonly body: string;
    }
  | {
      readonly ok: false;
      readonly jobUuid: string;
      readonly command: string | undefined;
      readonly arg: string | undefined;
      /** What follows `-ERR ` (or the whole `-USAGE: ...` line), without the final LF. */
      readonly error: string;
      /** For originate: the hangup cause the text names (`USER_BUSY`, `NO_ANSWER`, `INVALID_GATEWAY` ...). */
      readonly cause: HangupCause | undefined;
      readonly body: string;
    };

function withoutFinalLf(text: string): string {
  return text.endsWith('\n') ? text.slice(0, -1) : text;
}

export function parseBackgroundJob(event: EslEvent): BackgroundJobResult {
  const body = event.body ?? '';
  const jobUuid = event.headers.get('Job-UUID') ?? '';
  const command = event.headers.get('Job-Command');
  const arg = event.headers.get('Job-Command-Arg');
  if (body.startsWith('+OK')) return { ok: true, jobUuid, command, arg, value: withoutFinalLf(body.slice(body.startsWith('+OK ') ? 4 : 3)), body };
  const error = withoutFinalLf(body.startsWith('-ERR ') ? body.slice(5) : body.startsWith('-') ? body.slice(1) : body);
  return { ok: false, jobUuid, command, arg, error, cause: isHangupCause(error) ? error : undefined, body };
}

/** An originate's outcome as data: the call is up (its uuid), or the cause it failed with. */
export type OriginateResult = { readonly ok: true; readonly callUuid: string } | { readonly ok: false; readonly cause: HangupCause | undefined; readonly error: string };

export function originateResult(job: BackgroundJobResult): OriginateResult {
  return job.ok ? { ok: true, callUuid: job.value } : { ok: false, cause: job.cause, error: job.error };
}
