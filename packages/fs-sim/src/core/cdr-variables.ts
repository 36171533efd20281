// switch_channel_set_timestamps() of src/switch_channel.c: the CDR variables set in the hangup state, in the
// order FreeSWITCH sets them (digits_dialed, the *_stamp, *_epoch and *_uepoch variables, last_app/last_arg,
// caller_id, then the second, millisecond and microsecond durations).
import type { Channel } from './channel.js';
import { localStamp } from './time-format.js';

export function setTimestamps(channel: Channel): void {
  const t = channel.profile.times;
  const p = channel.profile;
  channel.setVar('digits_dialed', channel.dtmfLog === '' ? 'none' : channel.dtmfLog);
  const stamp = (micros: number): string => localStamp(Math.floor(micros / 1000));
  channel.setVar('start_stamp', stamp(t.created));
  channel.setVar('profile_start_stamp', stamp(t.profileCreated));
  if (t.answered) channel.setVar('answer_stamp', stamp(t.answered));
  if (t.bridged) channel.setVar('bridge_stamp', stamp(t.bridged));
  if (t.lastHold) channel.setVar('hold_stamp', stamp(t.lastHold));
  if (t.resurrected) channel.setVar('resurrect_stamp', stamp(t.resurrected));
  if (t.progress) channel.setVar('progress_stamp', stamp(t.progress));
  if (t.progressMedia) channel.setVar('progress_media_stamp', stamp(t.progressMedia));
  channel.setVar('end_stamp', stamp(t.hungup));

  const seconds = (micros: number): number => Math.floor(micros / 1_000_000);
  const millis = (micros: number): number => Math.floor(micros / 1000);
  const epochPair = (name: string, micros: number): void => {
    channel.setVar(`${name}_epoch`, seconds(micros));
    channel.setVar(`${name}_uepoch`, micros);
  };
  epochPair('start', t.created);
  epochPair('profile_start', t.profileCreated);
  epochPair('answer', t.answered);
  epochPair('bridge', t.bridged);
  epochPair('last_hold', t.lastHold);
  channel.setVar('hold_accum_seconds', seconds(t.holdAccum));
  channel.setVar('hold_accum_usec', t.holdAccum);
  channel.setVar('hold_accum_ms', millis(t.holdAccum));
  epochPair('resurrect', t.resurrected);
  epochPair('progress', t.progress);
  epochPair('progress_media', t.progressMedia);
  epochPair('end', t.hungup);

  const since = (from: number, to: number): { s: number; ms: number; us: number } => ({
    s: seconds(to) - seconds(from),
    ms: millis(to) - millis(from),
    us: to - from,
  });
  const duration = since(t.created, t.hungup);
  const wait = t.bridged > t.created ? since(t.created, t.bridged) : { s: 0, ms: 0, us: 0 };
  const bill = t.answered ? since(t.answered, t.hungup) : { s: 0, ms: 0, us: 0 };
  const legBill = t.answered ? since(t.created, t.hungup) : { s: 0, ms: 0, us: 0 };
  const answer = t.answered ? since(t.created, t.answered) : { s: 0, ms: 0, us: 0 };
  const progress = t.progress ? since(t.created, t.progress) : { s: 0, ms: 0, us: 0 };
  const progressMedia = t.progressMedia ? since(t.created, t.progressMedia) : { s: 0, ms: 0, us: 0 };

  if (channel.lastApp) {
    channel.setVar('last_app', channel.lastApp.app);
    channel.setVar('last_arg', channel.lastApp.arg);
  }
  channel.setVar('caller_id', p.callerIdName !== '' ? `"${p.callerIdName}" <${p.callerIdNumber}>` : p.callerIdNumber);
  channel.setVar('duration', duration.s);
  channel.setVar('billsec', bill.s);
  channel.setVar('progresssec', progress.s);
  channel.setVar('answersec', answer.s);
  channel.setVar('waitsec', wait.s);
  channel.setVar('progress_mediasec', progressMedia.s);
  channel.setVar('flow_billsec', legBill.s);
  channel.setVar('mduration', duration.ms);
  channel.setVar('billmsec', bill.ms);
  channel.setVar('progressmsec', progress.ms);
  channel.setVar('answermsec', answer.ms);
  channel.setVar('waitmsec', wait.ms);
  channel.setVar('progress_mediamsec', progressMedia.ms);
  channel.setVar('flow_billmsec', legBill.ms);
  channel.setVar('uduration', duration.us);
  channel.setVar('billusec', bill.us);
  channel.setVar('progressusec', progress.us);
  channel.setVar('answerusec', answer.us);
  channel.setVar('waitusec', wait.us);
  channel.setVar('progress_mediausec', progressMedia.us);
  channel.setVar('flow_billusec', legBill.us);
}
