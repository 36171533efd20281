// Media bugs started over the api: session_record_function (uuid_record, switch_ivr_record_session in
// switch_ivr_async.c: RECORD_START once recording starts, RECORD_STOP with the record_* variables) and
// session_displace_function (uuid_displace, which raises no events).
import { Site } from '../core/calling-site.js';
import type { Session } from '../core/session.js';
import { separateString } from '../core/separate-string.js';
import type { ApiCommand } from './sim-context.js';

const RECORD_SYNTAX = '<uuid> [start|stop|mask|unmask] <path> [<limit>] [<recording_vars>]';
const DISPLACE_SYNTAX = '<uuid> [start|stop] <path> [<limit>] [mux]';

export const uuidRecord: ApiCommand = (ctx, arg) => {
  const argv = arg ? separateString(arg, ' ', 5) : [];
  if (argv.length < 3 || !argv[0]) return { output: `-USAGE: ${RECORD_SYNTAX}\n` };
  const session = ctx.locate(argv[0]);
  if (!session) return { output: '-ERR Cannot locate session!\n' };
  const action = argv[1]!.toLowerCase();
  const path = argv[2]!;
  const key = `record:${path}`;
  switch (action) {
    case 'start': {
      if (session.channel.isDown || session.mediaBugs.has(key)) return { output: '-ERR Cannot record session!\n' };
      const limitSec = Number.parseInt(argv[3] ?? '', 10);
      const bug = startRecording(session, path, Number.isNaN(limitSec) || limitSec <= 0 ? undefined : limitSec * 1000);
      session.mediaBugs.set(key, bug);
      return { output: '+OK Success\n', continuation: () => bug.announce() };
    }
    case 'stop': {
      const bug = session.mediaBugs.get(key) ?? (path === 'all' ? [...session.mediaBugs.values()][0] : undefined);
      if (!bug) return { output: '-ERR Cannot stop record session!\n' };
      return { output: '+OK Success\n', continuation: () => bug.stop() };
    }
    case 'mask':
    case 'unmask':
    case 'pause':
    case 'resume':
      return session.mediaBugs.has(key) ? { output: '+OK Success\n' } : { output: `-ERR Cannot ${action} recording session!\n` };
    default:
      return { output: `-USAGE: ${RECORD_SYNTAX}\n` };
  }
};

function startRecording(session: Session, path: string, limitMs: number | undefined): { announce(): void; stop(): void } {
  const key = `record:${path}`;
  let startedMs: number | undefined;
  let stopped = false;
  let cancelLimit: (() => void) | undefined;
  const stop = (): void => {
    if (stopped) return;
    stopped = true;
    cancelLimit?.();
    session.mediaBugs.delete(key);
    if (startedMs === undefined) return;
    // record_helper: 8 kHz 16-bit WAV, so 2 bytes a sample after the 44-byte header.
    const samples = Math.max(0, Math.round((session.core.clock.nowMs() - startedMs) * 8));
    const ch = session.channel;
    ch.setVar('record_file_size', 44 + samples * 2);
    ch.setVar('record_samples', samples);
    ch.setVar('record_seconds', Math.floor(samples / 8000));
    ch.setVar('record_ms', Math.floor(samples / 8));
    ch.setVar('record_completion_cause', 'success-maxtime');
    session.fire('RECORD_STOP', Site.recordSessionStop, {
      after: [['Record-File-Path', path], ['Record-Completion-Cause', 'success-maxtime']],
    });
  };
  return {
    announce: () => {
      if (stopped || session.channel.isDown) return;
      startedMs = session.core.clock.nowMs();
      session.fire('RECORD_START', Site.recordSessionStart, { after: [['Record-File-Path', path]] });
      if (limitMs !== undefined) cancelLimit = session.core.timers.after(limitMs, stop);
    },
    stop,
  };
}

export const uuidDisplace: ApiCommand = (ctx, arg) => {
  const argv = arg ? separateString(arg, ' ', 5) : [];
  if (argv.length < 3 || !argv[0]) return { output: `-USAGE: ${DISPLACE_SYNTAX}\n` };
  const session = ctx.locate(argv[0]);
  if (!session) return { output: '-ERR Cannot locate session!\n' };
  const key = `displace:${argv[2]}`;
  if (argv[1]!.toLowerCase() === 'stop') {
    if (!session.mediaBugs.delete(key)) return { output: '-ERR Cannot stop displace session!\n' };
    return { output: '+OK Success\n' };
  }
  if (session.channel.isDown) return { output: '-ERR Cannot displace session!\n' };
  session.mediaBugs.set(key, { stop: () => session.mediaBugs.delete(key) });
  return { output: '+OK Success\n' };
};
