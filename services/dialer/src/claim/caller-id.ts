// Which caller ID a call presents, per the trunk group's caller_id_mode: `rotate` takes the campaign's
// caller IDs in turn; `region` takes the one sharing the longest run of leading digits with the callee
// (country code, then area code), in turn among equals. Pure: the caller keeps the turn counter.

/** trunk_groups.caller_id_mode. */
export const CallerIdMode = { Rotate: 'rotate', Region: 'region' } as const;
export type CallerIdMode = (typeof CallerIdMode)[keyof typeof CallerIdMode];

export interface CallerIdChoice {
  readonly mode: CallerIdMode;
  /** The campaign's caller IDs, E.164. */
  readonly callerIds: readonly string[];
  /** The callee, E.164. */
  readonly callee: string;
  /** A counter that grows by one per call of the campaign: the round-robin position. */
  readonly turn: number;
}

function digits(e164: string): string {
  return e164.replace(/\D/g, '');
}

export function commonLeadingDigits(a: string, b: string): number {
  const x = digits(a);
  const y = digits(b);
  let n = 0;
  while (n < x.length && n < y.length && x[n] === y[n]) n += 1;
  return n;
}

/** The caller ID to present, or undefined when the campaign has none. */
export function selectCallerId(choice: CallerIdChoice): string | undefined {
  const { callerIds, turn } = choice;
  if (callerIds.length === 0) return undefined;
  const position = (list: readonly string[]) => list[Math.abs(Math.trunc(turn)) % list.length];
  switch (choice.mode) {
    case 'rotate':
      return position(callerIds);
    case 'region': {
      const scores = callerIds.map((id) => commonLeadingDigits(id, choice.callee));
      const best = Math.max(...scores);
      return position(callerIds.filter((_, index) => scores[index] === best));
    }
  }
}
