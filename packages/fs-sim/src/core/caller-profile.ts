// The caller profile of a channel (switch_caller_profile_t, src/include/switch_caller.h) and the Caller-*
// headers switch_caller_profile_event_set_data() (src/switch_caller.c) writes from it: empty fields are left
// out, the times always follow.
import type { FsEvent } from './fs-event.js';

export interface ProfileTimes {
  profileCreated: number;
  created: number;
  answered: number;
  progress: number;
  progressMedia: number;
  hungup: number;
  transferred: number;
  resurrected: number;
  bridged: number;
  lastHold: number;
  holdAccum: number;
}

export interface CallerProfile {
  direction: 'inbound' | 'outbound';
  logicalDirection: 'inbound' | 'outbound';
  username: string;
  dialplan: string;
  callerIdName: string;
  callerIdNumber: string;
  origCallerIdName: string;
  origCallerIdNumber: string;
  calleeIdName: string;
  calleeIdNumber: string;
  networkAddr: string;
  ani: string;
  aniii: string;
  destinationNumber: string;
  uuid: string;
  source: string;
  transferSource: string;
  context: string;
  rdnis: string;
  chanName: string;
  profileIndex: string;
  times: ProfileTimes;
}

export function emptyTimes(createdMicros: number): ProfileTimes {
  return {
    profileCreated: createdMicros, created: createdMicros, answered: 0, progress: 0, progressMedia: 0, hungup: 0,
    transferred: 0, resurrected: 0, bridged: 0, lastHold: 0, holdAccum: 0,
  };
}

export function profileEventData(profile: CallerProfile, prefix: string, event: FsEvent): void {
  const add = (name: string, value: string): void => {
    if (value !== '') event.add(`${prefix}-${name}`, value);
  };
  event.add(`${prefix}-Direction`, profile.direction);
  event.add(`${prefix}-Logical-Direction`, profile.logicalDirection);
  add('Username', profile.username);
  add('Dialplan', profile.dialplan);
  add('Caller-ID-Name', profile.callerIdName);
  add('Caller-ID-Number', profile.callerIdNumber);
  if (profile.callerIdName !== '') add('Orig-Caller-ID-Name', profile.origCallerIdName);
  if (profile.callerIdNumber !== '') add('Orig-Caller-ID-Number', profile.origCallerIdNumber);
  add('Callee-ID-Name', profile.calleeIdName);
  add('Callee-ID-Number', profile.calleeIdNumber);
  add('Network-Addr', profile.networkAddr);
  add('ANI', profile.ani);
  add('ANI-II', profile.aniii);
  add('Destination-Number', profile.destinationNumber);
  add('Unique-ID', profile.uuid);
  add('Source', profile.source);
  add('Transfer-Source', profile.transferSource);
  add('Context', profile.context);
  add('RDNIS', profile.rdnis);
  add('Channel-Name', profile.chanName);
  add('Profile-Index', profile.profileIndex);
  const t = profile.times;
  event.add(`${prefix}-Profile-Created-Time`, t.profileCreated);
  event.add(`${prefix}-Channel-Created-Time`, t.created);
  event.add(`${prefix}-Channel-Answered-Time`, t.answered);
  event.add(`${prefix}-Channel-Progress-Time`, t.progress);
  event.add(`${prefix}-Channel-Progress-Media-Time`, t.progressMedia);
  event.add(`${prefix}-Channel-Hangup-Time`, t.hungup);
  event.add(`${prefix}-Channel-Transfer-Time`, t.transferred);
  event.add(`${prefix}-Channel-Resurrect-Time`, t.resurrected);
  event.add(`${prefix}-Channel-Bridged-Time`, t.bridged);
  event.add(`${prefix}-Channel-Last-Hold`, t.lastHold);
  event.add(`${prefix}-Channel-Hold-Accum`, t.holdAccum);
  event.add(`${prefix}-Screen-Bit`, 'true');
  event.add(`${prefix}-Privacy-Hide-Name`, 'false');
  event.add(`${prefix}-Privacy-Hide-Number`, 'false');
}
