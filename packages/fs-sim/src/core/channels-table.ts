// The core database's channels and calls tables, kept up to date from the events exactly as
// core_event_handler() of src/switch_core_sqldb.c does; `show channels` / `show calls` read them (the
// basic_calls view joins a bridged caller with its callee).
import type { FsEvent } from './fs-event.js';

export const CHANNEL_COLUMNS = [
  'uuid', 'direction', 'created', 'created_epoch', 'name', 'state', 'cid_name', 'cid_num', 'ip_addr', 'dest',
  'application', 'application_data', 'dialplan', 'context', 'read_codec', 'read_rate', 'read_bit_rate', 'write_codec',
  'write_rate', 'write_bit_rate', 'secure', 'hostname', 'presence_id', 'presence_data', 'accountcode', 'callstate',
  'callee_name', 'callee_num', 'callee_direction', 'call_uuid', 'sent_callee_name', 'sent_callee_num',
  'initial_cid_name', 'initial_cid_num', 'initial_ip_addr', 'initial_dest', 'initial_dialplan', 'initial_context',
] as const;
type ChannelColumn = (typeof CHANNEL_COLUMNS)[number];
export type ChannelRow = Record<ChannelColumn, string>;

const CALL_A_COLUMNS = [
  'uuid', 'direction', 'created', 'created_epoch', 'name', 'state', 'cid_name', 'cid_num', 'ip_addr', 'dest',
  'presence_id', 'presence_data', 'accountcode', 'callstate', 'callee_name', 'callee_num', 'callee_direction',
  'call_uuid', 'hostname', 'sent_callee_name', 'sent_callee_num',
] as const;
const CALL_B_COLUMNS = [
  'uuid', 'direction', 'created', 'created_epoch', 'name', 'state', 'cid_name', 'cid_num', 'ip_addr', 'dest',
  'presence_id', 'presence_data', 'accountcode', 'callstate', 'callee_name', 'callee_num', 'callee_direction',
  'sent_callee_name', 'sent_callee_num',
] as const;

interface CallRow {
  callCreatedEpoch: string;
  callerUuid: string;
  calleeUuid: string;
}

export class ChannelsTable {
  private readonly rows = new Map<string, ChannelRow>();
  private readonly calls: CallRow[] = [];

  constructor(private readonly switchname: string) {}

  /** switch_event_get_header_nil(): a missing header reads as the empty string. */
  apply(event: FsEvent, nowEpochSeconds: number): void {
    const h = (name: string): string => event.get(name) ?? '';
    const uuid = h('unique-id');
    const update = (changes: Partial<ChannelRow>): void => {
      const row = this.rows.get(uuid);
      if (row) Object.assign(row, changes);
    };
    switch (event.name) {
      case 'CHANNEL_DESTROY':
        this.rows.delete(uuid);
        this.removeCalls(uuid);
        return;
      case 'CHANNEL_CREATE': {
        const row = Object.fromEntries(CHANNEL_COLUMNS.map((column) => [column, ''])) as ChannelRow;
        Object.assign(row, {
          uuid, direction: h('call-direction'), created: h('event-date-local'), created_epoch: String(nowEpochSeconds),
          name: h('channel-name'), state: h('channel-state'), callstate: h('channel-call-state'),
          dialplan: h('caller-dialplan'), context: h('caller-context'), hostname: this.switchname,
          initial_cid_name: h('caller-caller-id-name'), initial_cid_num: h('caller-caller-id-number'),
          initial_ip_addr: h('caller-network-addr'), initial_dest: h('caller-destination-number'),
          initial_dialplan: h('caller-dialplan'), initial_context: h('caller-context'),
        });
        this.rows.set(uuid, row);
        return;
      }
      case 'CHANNEL_ANSWER':
      case 'CHANNEL_PROGRESS_MEDIA':
      case 'CODEC':
        return update({
          read_codec: h('channel-read-codec-name'), read_rate: h('channel-read-codec-rate'),
          read_bit_rate: h('channel-read-codec-bit-rate'), write_codec: h('channel-write-codec-name'),
          write_rate: h('channel-write-codec-rate'), write_bit_rate: h('channel-write-codec-bit-rate'),
        });
      case 'CHANNEL_HOLD':
      case 'CHANNEL_UNHOLD':
      case 'CHANNEL_EXECUTE':
        return update({
          application: h('application'), application_data: h('application-data'), presence_id: h('channel-presence-id'),
          presence_data: h('channel-presence-data'), accountcode: h('variable_accountcode'),
        });
      case 'CHANNEL_ORIGINATE':
        return update({
          presence_id: h('channel-presence-id'), presence_data: h('channel-presence-data'),
          accountcode: h('variable_accountcode'), call_uuid: h('channel-call-uuid'),
        });
      case 'CALL_UPDATE':
        return update({
          callee_name: h('caller-callee-id-name'), callee_num: h('caller-callee-id-number'),
          sent_callee_name: h('sent-callee-id-name'), sent_callee_num: h('sent-callee-id-number'),
          callee_direction: h('direction'), cid_name: h('caller-caller-id-name'), cid_num: h('caller-caller-id-number'),
        });
      case 'CHANNEL_CALLSTATE': {
        const number = Number.parseInt(h('channel-call-state-number'), 10) || 0;
        // DOWN (0) and HANGUP (7) are not recorded.
        if (number !== 0 && number !== 7) update({ callstate: h('channel-call-state') });
        return;
      }
      case 'CHANNEL_STATE':
        return this.applyState(event, update);
      case 'CHANNEL_BRIDGE': {
        let a = h('Bridge-A-Unique-ID');
        let b = h('Bridge-B-Unique-ID');
        if (a === '' || b === '') {
          a = h('caller-unique-id');
          b = h('other-leg-unique-id');
        }
        const callUuid = h('channel-call-uuid');
        for (const id of [a, b]) {
          const row = this.rows.get(id);
          if (row) row.call_uuid = callUuid;
        }
        this.calls.push({ callCreatedEpoch: String(nowEpochSeconds), callerUuid: a, calleeUuid: b });
        return;
      }
      case 'CHANNEL_UNBRIDGE': {
        const callUuid = h('channel-call-uuid');
        for (const row of this.rows.values()) if (row.call_uuid === callUuid) row.call_uuid = row.uuid;
        this.removeCalls(h('caller-unique-id'));
        return;
      }
      default:
        return;
    }
  }

  private applyState(event: FsEvent, update: (changes: Partial<ChannelRow>) => void): void {
    const h = (name: string): string => event.get(name) ?? '';
    const number = Number.parseInt(h('channel-state-number'), 10);
    const state = Number.isNaN(number) ? 12 : number;
    // CS_NEW, CS_INIT, CS_HANGUP, CS_REPORTING and CS_DESTROY leave the row alone.
    if ([0, 1, 10, 11, 12].includes(state)) return;
    if (state === 2) {
      update({
        state: h('channel-state'), cid_name: h('caller-caller-id-name'), cid_num: h('caller-caller-id-number'),
        callee_name: h('caller-callee-id-name'), callee_num: h('caller-callee-id-number'),
        sent_callee_name: h('sent-callee-id-name'), sent_callee_num: h('sent-callee-id-number'),
        ip_addr: h('caller-network-addr'), dest: h('caller-destination-number'), dialplan: h('caller-dialplan'),
        context: h('caller-context'), presence_id: h('channel-presence-id'), presence_data: h('channel-presence-data'),
        accountcode: h('variable_accountcode'),
      });
      return;
    }
    update({ state: h('channel-state') });
  }

  private removeCalls(uuid: string): void {
    for (let i = this.calls.length - 1; i >= 0; i--) {
      const call = this.calls[i]!;
      if (call.callerUuid === uuid || call.calleeUuid === uuid) this.calls.splice(i, 1);
    }
  }

  /** `select * from channels order by created_epoch` (ties keep insertion order, as SQLite's rowid does). */
  channels(): Array<Array<readonly [string, string]>> {
    return stableByEpoch([...this.rows.values()]).map((row) => CHANNEL_COLUMNS.map((column) => [column, row[column]] as const));
  }

  /** `select * from basic_calls order by call_created_epoch`. */
  basicCalls(): Array<Array<readonly [string, string]>> {
    const callees = new Set(this.calls.map((call) => call.calleeUuid));
    const out: Array<{ sortKey: string; row: Array<readonly [string, string]> }> = [];
    for (const a of this.rows.values()) {
      const call = this.calls.find((entry) => entry.callerUuid === a.uuid);
      if (!call && callees.has(a.uuid)) continue;
      const b = call ? this.rows.get(call.calleeUuid) : undefined;
      const row: Array<readonly [string, string]> = CALL_A_COLUMNS.map((column) => [column, a[column]] as const);
      for (const column of CALL_B_COLUMNS) row.push([`b_${column}`, b ? b[column] : ''] as const);
      row.push(['call_created_epoch', call?.callCreatedEpoch ?? '']);
      out.push({ sortKey: call?.callCreatedEpoch ?? '', row });
    }
    // SQLite sorts NULL call_created_epoch first; among equals the scan order stays.
    return out.map((entry, index) => ({ ...entry, index }))
      .sort((x, y) => (x.sortKey === y.sortKey ? x.index - y.index : x.sortKey === '' ? -1 : y.sortKey === '' ? 1 : Number(x.sortKey) - Number(y.sortKey)))
      .map((entry) => entry.row);
  }

  get count(): number {
    return this.rows.size;
  }

  clear(): void {
    this.rows.clear();
    this.calls.length = 0;
  }
}

function stableByEpoch(rows: ChannelRow[]): ChannelRow[] {
  return rows.map((row, index) => ({ row, index }))
    .sort((a, b) => Number(a.row.created_epoch) - Number(b.row.created_epoch) || a.index - b.index)
    .map((entry) => entry.row);
}
