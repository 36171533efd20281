// `show channels as json`: `{"row_count": 0}` (with a space) when idle, else compact
// `{"row_count":N,"rows":[...]}` with every column a string (captures README point 15, gateway point G4).

export interface ChannelRow {
  readonly uuid: string;
  readonly direction: string;
  readonly name: string;
  /** A ChannelState (`CS_EXECUTE`) as printed; kept as text so a newer FreeSWITCH cannot break reconciliation. */
  readonly state: string;
  /** A CallState (`ACTIVE`, `RINGING`) as printed. */
  readonly callstate: string;
  /** For an originated A leg, its own uuid; empty on loopback B legs [b, k4]. */
  readonly callUuid: string;
  readonly createdEpochSec: number;
  /** Every column as sent (`cid_num`, `dest`, `application`, `hostname` ...). */
  readonly columns: Readonly<Record<string, string>>;
}

/** The rows, or a sentence saying why the body is not a channel list. */
export function parseShowChannels(body: string): ChannelRow[] | string {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return `not JSON: ${JSON.stringify(body.slice(0, 80))}`;
  }
  if (typeof parsed !== 'object' || parsed === null) return 'not a JSON object';
  const { row_count: rowCount, rows } = parsed as { row_count?: unknown; rows?: unknown };
  if (typeof rowCount !== 'number') return 'no row_count';
  if (rowCount === 0 && rows === undefined) return [];
  if (!Array.isArray(rows) || rows.length !== rowCount) return `row_count ${rowCount} but ${Array.isArray(rows) ? rows.length : 'no'} rows`;
  const result: ChannelRow[] = [];
  for (const row of rows as unknown[]) {
    if (typeof row !== 'object' || row === null) return 'a row is not an object';
    const columns: Record<string, string> = {};
    for (const [key, value] of Object.entries(row)) columns[key] = typeof value === 'string' ? value : JSON.stringify(value);
    if (columns.uuid === undefined || columns.uuid === '') return 'a row without uuid';
    result.push({
      uuid: columns.uuid,
      direction: columns.direction ?? '',
      name: columns.name ?? '',
      state: columns.state ?? '',
      callstate: columns.callstate ?? '',
      callUuid: columns.call_uuid ?? '',
      createdEpochSec: Number(columns.created_epoch ?? 0),
      columns,
    });
  }
  return result;
}
