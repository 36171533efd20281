// After a reconnect (or a restart) the events of the gap are lost. Reconciliation asks FreeSWITCH which
// channels exist (`show channels as json`) and which attempt each belongs to (the channel variable set
// at originate, read with `uuid_getvar`), so the caller can end attempts whose channel is gone and hang
// up channels nobody owns: no outcome lost, no channel slot leaked.
import { parseShowChannels, type ChannelRow } from '../commands/show-channels.js';
import { EslProtocolError, ProtocolViolation } from '../errors.js';

export const DEFAULT_ATTEMPT_VARIABLE = 'ringpace_attempt_id';

export interface LiveAttempt {
  readonly attemptId: string;
  /** Every channel carrying the attempt (a loopback B leg inherits the variable; a gateway far end does not). */
  readonly channelUuids: readonly string[];
}

export interface OrphanChannel {
  readonly uuid: string;
  readonly attemptId: string;
  readonly name: string;
}

export interface ReconcileReport {
  readonly channels: readonly ChannelRow[];
  /** Attempts the caller believes live that still have a channel. */
  readonly live: readonly LiveAttempt[];
  /** Attempts the caller believes live that have no channel any more: they ended while we were not listening. */
  readonly gone: readonly string[];
  /** Channels carrying an attempt id the caller does not know: candidates for hanging up. */
  readonly orphans: readonly OrphanChannel[];
}

/** Runs one api command and returns its body; errors are the client's typed errors. */
export type ApiCall = (command: string) => Promise<string>;

const GETVAR_BATCH = 64;

export async function reconcileChannels(liveAttemptIds: Iterable<string>, api: ApiCall, attemptVariable = DEFAULT_ATTEMPT_VARIABLE): Promise<ReconcileReport> {
  const wanted = new Set(liveAttemptIds);
  const body = await api('show channels as json');
  const channels = parseShowChannels(body);
  if (typeof channels === 'string') throw new EslProtocolError(ProtocolViolation.BadResponse, `show channels as json: ${channels}`);

  const attemptOf = new Map<string, string>();
  // The dialer uses the attempt id as origination_uuid (DESIGN: "Time, and dialing exactly once"):
  // such a channel needs no lookup. Every other channel is asked for its variable.
  const unknown = channels.filter((row) => {
    if (!wanted.has(row.uuid)) return true;
    attemptOf.set(row.uuid, row.uuid);
    return false;
  });
  for (let start = 0; start < unknown.length; start += GETVAR_BATCH) {
    const batch = unknown.slice(start, start + GETVAR_BATCH);
    const values = await Promise.all(batch.map((row) => api(`uuid_getvar ${row.uuid} ${attemptVariable}`)));
    batch.forEach((row, index) => {
      const value = values[index] ?? '';
      // `_undef_`: no such variable; `-ERR No such channel!`: it ended since the listing [b, h].
      if (value === '' || value === '_undef_' || value.startsWith('-ERR')) return;
      attemptOf.set(row.uuid, value.endsWith('\n') ? value.slice(0, -1) : value);
    });
  }

  const channelsOf = new Map<string, string[]>();
  const orphans: OrphanChannel[] = [];
  for (const row of channels) {
    const attemptId = attemptOf.get(row.uuid);
    if (attemptId === undefined) continue;
    if (wanted.has(attemptId)) channelsOf.set(attemptId, [...(channelsOf.get(attemptId) ?? []), row.uuid]);
    else orphans.push({ uuid: row.uuid, attemptId, name: row.name });
  }
  const live = [...channelsOf].map(([attemptId, channelUuids]) => ({ attemptId, channelUuids }));
  const gone = [...wanted].filter((attemptId) => !channelsOf.has(attemptId));
  return { channels, live, gone, orphans };
}
