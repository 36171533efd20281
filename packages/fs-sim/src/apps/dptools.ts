// The mod_dptools applications the media service uses (src/mod/applications/mod_dptools/mod_dptools.c):
// answer, pre_answer, ring_ready, sleep, set/export/unset, park, playback, speak, play_and_get_digits, read,
// record, hangup, transfer. Audio is simulated time; the events and variables are FreeSWITCH's.
import { Site } from '../core/calling-site.js';
import { causeNumber, str2cause } from '../core/hangup-cause.js';
import { separateString } from '../core/separate-string.js';
import type { Session } from '../core/session.js';
import type { AppFunction, AppRunner } from './app-runner.js';
import { collectDigits, type DigitHandler, playFile } from './play-file.js';

const atoi = (text: string | undefined): number => {
  const match = /^\s*([+-]?\d+)/.exec(text ?? '');
  return match ? Number.parseInt(match[1]!, 10) : 0;
};

/** on_dtmf(): `playback_terminators` (default `*`, `any`, `none`) end a playback. */
function playbackTerminators(session: Session): DigitHandler {
  const configured = session.channel.getVar('playback_terminators') ?? '*';
  const terminators = configured.toLowerCase() === 'any' ? '1234567890*#' : configured.toLowerCase() === 'none' ? '' : configured;
  return (digit) => {
    if (!terminators.includes(digit)) return 'continue';
    session.channel.setVar('playback_terminator_used', digit);
    return 'break';
  };
}

const answer: AppFunction = (session) => {
  session.markAnswered();
  return Promise.resolve();
};

const ringReady: AppFunction = (session) => {
  session.markRingReady();
  return Promise.resolve();
};

const preAnswer: AppFunction = (session) => {
  session.markPreAnswered();
  return Promise.resolve();
};

const sleep: AppFunction = async (session, arg) => {
  if (arg === undefined || arg === '') return;
  await session.sleep(atoi(arg));
};

/** base_set(): `name=value`; an empty value unsets. Channel-variable expansion is not simulated. */
const set: AppFunction = (session, arg) => {
  if (arg) {
    const eq = arg.indexOf('=');
    const name = eq < 0 ? arg : arg.slice(0, eq);
    const value = eq < 0 ? undefined : arg.slice(eq + 1);
    if (name !== '') session.channel.setVar(name, value === '' ? undefined : value);
  }
  return Promise.resolve();
};

const unset: AppFunction = (session, arg) => {
  if (arg) session.channel.setVar(arg, undefined);
  return Promise.resolve();
};

const park: AppFunction = (session, _arg, runner) => runner.park(session);

/** playback_function(): the response is FILE PLAYED whether the file ended or was broken off. */
const playback: AppFunction = async (session, arg, runner) => {
  session.channel.setVar('playback_terminator_used', undefined);
  await playFile(session, runner.env.media, arg ?? '', playbackTerminators(session));
  session.channel.setVar('current_application_response', 'FILE PLAYED');
};

/** speak_function(): `engine|voice|text`; TTS plays for a time proportional to the text, without events. */
const speak: AppFunction = async (session, arg, runner) => {
  const parts = (arg ?? '').split('|');
  const text = parts.length >= 3 ? parts.slice(2).join('|') : (parts[parts.length - 1] ?? '');
  await session.sleep(runner.env.media.speechMs(text));
};

/**
 * switch_ivr_read(): play the prompt (a digit ends it and is kept), collect up to `max` digits, then set
 * read_terminator_used, read_result (success / timeout / failure) and the digits variable.
 */
async function read(
  session: Session,
  runner: AppRunner,
  options: { min: number; max: number; prompt: string | undefined; varName: string | undefined; timeoutMs: number; terminators: string; digitTimeoutMs: number },
): Promise<{ status: 'success' | 'timeout' | 'failure'; digits: string }> {
  const ch = session.channel;
  ch.setVar('read_result', undefined);
  if (options.varName) ch.setVar(options.varName, undefined);
  let buffer = '';
  let terminator: string | undefined;
  if (options.prompt && options.prompt.toLowerCase() !== 'silence') {
    await playFile(session, runner.env.media, options.prompt, (digit) => {
      if (options.terminators.includes(digit)) terminator = digit;
      else buffer += digit;
      return 'break';
    });
  }
  let status: 'success' | 'timeout' | 'failure' = 'success';
  if (terminator === undefined && ((options.min && buffer.length < options.min) || buffer.length < options.max)) {
    const collected = await collectDigits(
      session, buffer, options.max, options.terminators,
      buffer.length > 0 ? options.digitTimeoutMs : options.timeoutMs, options.digitTimeoutMs,
    );
    buffer = collected.digits;
    terminator = collected.terminator;
    if (collected.timedOut) status = 'timeout';
  }
  if (terminator !== undefined) ch.setVar('read_terminator_used', terminator);
  if (options.min && buffer.length < options.min) status = 'failure';
  if (ch.isDown) status = 'failure';
  ch.setVar('read_result', status);
  if (options.varName && buffer !== '') ch.setVar(options.varName, buffer);
  return { status, digits: buffer };
}

/** play_and_get_digits_function() + switch_play_and_get_digits(). */
const playAndGetDigits: AppFunction = async (session, arg, runner) => {
  const argv = separateString(arg ?? '', ' ', 11);
  const min = Math.max(0, atoi(argv[0]));
  const max = Math.max(min, atoi(argv[1]));
  let tries = atoi(argv[2]);
  const timeoutMs = Math.max(1000, argv[3] === undefined ? 1000 : atoi(argv[3]));
  const terminators = argv[4] || '#';
  const prompt = argv[5];
  const badInput = argv[6];
  const varName = argv[7];
  const regex = argv[8];
  const digitTimeoutMs = atoi(argv[9]) || timeoutMs;
  const ch = session.channel;
  if (regex && varName) ch.setVar(`${varName}_invalid`, undefined);
  while (!ch.isDown && tries > 0) {
    const result = await read(session, runner, { min, max, prompt, varName, timeoutMs, terminators, digitTimeoutMs });
    const ok = result.status === 'success' || (result.status === 'timeout' && result.digits.length >= min);
    if (ok && result.digits !== '') {
      if (!regex || safeRegexTest(regex, result.digits)) return;
      ch.setVar(varName ?? '', undefined);
      if (varName) ch.setVar(`${varName}_invalid`, result.digits);
    }
    if (ch.isDown) break;
    if (badInput) await playFile(session, runner.env.media, badInput);
    tries--;
  }
};

/** read_function(): `min max file var timeout terminators [digit_timeout]`. */
const readApp: AppFunction = async (session, arg, runner) => {
  const argv = separateString(arg ?? '', ' ', 7);
  const min = Math.max(1, atoi(argv[0]));
  const max = Math.max(min, atoi(argv[1]));
  const timeoutMs = Math.max(1000, argv[4] === undefined ? 1000 : atoi(argv[4]));
  await read(session, runner, {
    min, max, prompt: argv[2], varName: argv[3], timeoutMs, terminators: argv[5] || '#', digitTimeoutMs: atoi(argv[6]) || timeoutMs,
  });
};

/** record_function() → switch_ivr_record_file_event(): `path [time_limit_secs] [silence_thresh] [silence_hits]`. */
const record: AppFunction = async (session, arg) => {
  const argv = separateString(arg ?? '', ' ', 4);
  const path = argv[0] ?? '';
  const limitMs = argv[1] === undefined ? Number.POSITIVE_INFINITY : atoi(argv[1]) * 1000 || Number.POSITIVE_INFINITY;
  session.fire('RECORD_START', Site.recordFileStart, { after: [['Record-File-Path', path]] });
  const startedMs = session.core.clock.nowMs();
  const recordingTerminators = session.channel.getVar('playback_terminators') ?? '*';
  for (;;) {
    if (session.hasDtmf) {
      const { digit } = session.dequeueDtmf()!;
      if (recordingTerminators.includes(digit)) {
        session.channel.setVar('playback_terminator_used', digit);
        break;
      }
      continue;
    }
    const remaining = limitMs - (session.core.clock.nowMs() - startedMs);
    if (remaining <= 0) break;
    const how = await session.sleep(remaining, true);
    if (how === 'elapsed' || how === 'hangup' || how === 'break') break;
  }
  const samples = Math.round(Math.min(limitMs, session.core.clock.nowMs() - startedMs) * 8);
  const ch = session.channel;
  ch.setVar('record_seconds', Math.floor(samples / 8000));
  ch.setVar('record_ms', Math.floor(samples / 8));
  ch.setVar('record_samples', samples);
  session.fire('RECORD_STOP', Site.recordFileStop, { after: [['Record-File-Path', path]] });
};

/** hangup_function(): the cause named, NORMAL_CLEARING by default. */
const hangup: AppFunction = (session, arg) => {
  session.hangup(arg ? str2cause(arg) : causeNumber('NORMAL_CLEARING'), 0);
  return Promise.resolve();
};

/** transfer_function(): `destination [dialplan] [context]`, taken once the current application unwinds. */
const transfer: AppFunction = (session, arg) => {
  const argv = separateString(arg ?? '', ' ', 3);
  if (argv[0]) {
    session.pendingTransfer = { destination: argv[0], dialplan: argv[1] ?? 'XML', context: argv[2] ?? 'default' };
    session.interrupt();
  }
  return Promise.resolve();
};

function safeRegexTest(pattern: string, text: string): boolean {
  try {
    return new RegExp(pattern).test(text);
  } catch {
    return false;
  }
}

export const DPTOOLS: ReadonlyMap<string, AppFunction> = new Map<string, AppFunction>([
  ['answer', answer],
  ['pre_answer', preAnswer],
  ['ring_ready', ringReady],
  ['sleep', sleep],
  ['set', set],
  ['export', set],
  ['unset', unset],
  ['park', park],
  ['playback', playback],
  ['speak', speak],
  ['play_and_get_digits', playAndGetDigits],
  ['read', readApp],
  ['record', record],
  ['hangup', hangup],
  ['transfer', transfer],
]);
