// The closed set of verbs a flow node can have.
export const Verb = {
  Play: 'play',
  Say: 'say',
  Collect: 'collect',
  Branch: 'branch',
  Set: 'set',
  Record: 'record',
  Transfer: 'transfer',
  Webhook: 'webhook',
  Hangup: 'hangup',
} as const;
export type Verb = (typeof Verb)[keyof typeof Verb];

export const VERBS: readonly Verb[] = Object.values(Verb);
