// collect: one try as `play_and_get_digits min max 1 timeout terminators file invalid var regex digit_timeout`
// (mod_dptools play_and_get_digits_function); the entry is read from the digits variable and
// read_terminator_used of its CHANNEL_EXECUTE_COMPLETE.
import { EntryEnd, type CollectOutcome, type CollectRequest } from '@ringpace/flow';
import type { ChannelControl } from '../channel-control.js';
import { promptFile } from '../prompt-audio.js';
import { HANGUP, channelApi, runApp, variableOf, type AppResult } from '../run-app.js';

export const DIGITS_VARIABLE = 'ringpace_collect_digits';
/** play_and_get_digits wants an invalid-entry file; the flow plays its own invalid prompt, so this is near silence. */
const NO_FILE = 'silence_stream://250';
/** Any key an entry may hold: the flow decides what is valid. */
const ANY_ENTRY = '^[0-9*#A-D]+$';

/**
 * The reset of the terminator variable and the entry go out together (FreeSWITCH runs a connection's
 * commands in order, so the reset is done before the entry starts): one write and one round trip fewer
 * per entry. A channel gone by then fails both, and the outcome is the hang-up either way.
 */
export function execCollect(ch: ChannelControl, request: CollectRequest, signal: AbortSignal): Promise<CollectOutcome> {
  // A terminator from an earlier entry would otherwise read as this one's.
  const reset = channelApi(ch, `uuid_setvar ${ch.uuid} read_terminator_used`);
  if (request.prompt !== undefined) ch.promptStarting();
  const file = request.prompt === undefined ? NO_FILE : promptFile(request.prompt, ch.settings);
  // An empty terminator argument means "#" to FreeSWITCH; "none" matches no key.
  const terminators = request.terminators === '' ? 'none' : request.terminators;
  const arg = [
    request.minDigits, request.maxDigits, 1, Math.round(request.timeoutMs), terminators, file, NO_FILE, DIGITS_VARIABLE, ANY_ENTRY,
    Math.round(request.interDigitTimeoutMs),
  ].join(' ');
  const entry = runApp(ch, 'play_and_get_digits', arg, signal);
  return Promise.all([reset, entry]).then(([cleared, result]) => entryOutcome(request, cleared === 'ok' ? result : HANGUP));
}

function entryOutcome(request: CollectRequest, result: AppResult): CollectOutcome {
  if (result.kind === 'hangup') return result;
  const digits = variableOf(result.complete, DIGITS_VARIABLE) ?? '';
  const terminator = variableOf(result.complete, 'read_terminator_used');
  if (digits === '' && terminator === undefined) return { kind: 'no_input' };
  const endedBy = terminator !== undefined ? EntryEnd.Terminator : digits.length >= request.maxDigits ? EntryEnd.MaxDigits : EntryEnd.InterDigitTimeout;
  return { kind: 'digits', digits, endedBy };
}
