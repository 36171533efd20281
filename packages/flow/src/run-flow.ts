// runFlow: the interpreter. It walks a validated flow node by node, each verb acting on the call only
// through the CallPort, and stops at a hangup node, a callee hang-up, the step bound, or its signal.
import { AppError } from '@ringpace/errors';
import { systemClock, type Clock } from '@ringpace/clock';
import type { CallPort } from './call-port.js';
import type { Flow } from './flow.js';
import { formatPath } from './problem.js';
import { renderTemplateWith } from './template.js';
import { RunEnd, type FlowRun, type StepDetail, type TraceStep } from './trace.js';
import { execNode, type FlowNode } from './verbs/index.js';
import type { VerbContext } from './verbs/verb.js';

/** Enough for any sane notice or survey; a run that needs more is going round in circles. */
export const DEFAULT_MAX_STEPS = 200;

export interface RunFlowOptions {
  /** The callee's contact fields (phone, name, and the campaign's import columns). */
  readonly contact: Readonly<Record<string, string>>;
  readonly port: CallPort;
  /** Times the trace; defaults to the wall clock. */
  readonly clock?: Pick<Clock, 'nowMs'>;
  /** Nodes the run may enter before it stops with `max_steps`. */
  readonly maxSteps?: number;
  /** Aborting ends the run with `aborted`; the verb in progress sees the signal through the port. */
  readonly signal?: AbortSignal;
  /** Called after every step, for live logs and events. */
  readonly onStep?: (step: TraceStep) => void;
}

/** The port failed (not the callee: the switch or the network); the trace so far is kept for the logs. */
export class FlowRunError extends AppError {
  override readonly name = 'FlowRunError';
  constructor(
    readonly nodeId: string,
    readonly trace: readonly TraceStep[],
    options: ErrorOptions & { retryable?: boolean },
  ) {
    super(`flow failed at node "${nodeId}"`, { code: 'UNAVAILABLE', retryable: options.retryable ?? false, cause: options.cause });
  }
}

export async function runFlow(flow: Flow, options: RunFlowOptions): Promise<FlowRun> {
  const clock = options.clock ?? systemClock;
  const maxSteps = options.maxSteps ?? DEFAULT_MAX_STEPS;
  if (!Number.isInteger(maxSteps) || maxSteps < 1) throw new RangeError(`maxSteps must be a positive integer, got ${maxSteps}`);
  const startedMs = clock.nowMs();
  // The verbs watch the caller's signal itself: nothing else aborts a run.
  const signal = options.signal ?? new AbortController().signal;

  const variables = new Map<string, string>();
  const visits = new Map<string, number>();
  const trace: TraceStep[] = [];
  const ctx: VerbContext = {
    port: options.port,
    signal,
    variables,
    // Flow variables shadow contact fields of the same name.
    render: (template) => renderTemplateWith(template, (name) => variables.get(name) ?? (Object.hasOwn(options.contact, name) ? options.contact[name] : undefined)),
  };
  const finish = (reason: RunEnd, mark: string | null): FlowRun => ({
    reason,
    mark,
    variables: Object.fromEntries(variables),
    trace,
    elapsedMs: clock.nowMs() - startedMs,
  });
  const record = (node: FlowNode, atMs: number, detail: StepDetail, extra: Partial<TraceStep> = {}) => {
    const step: TraceStep = { index: trace.length + 1, nodeId: node.id, verb: node.verb, atMs: atMs - startedMs, ...detail, ...extra };
    trace.push(step);
    options.onStep?.(step);
  };

  let current = flow.nodes.get(flow.start);
  while (current !== undefined) {
    if (signal.aborted) return finish(RunEnd.Aborted, null);
    if (trace.length >= maxSteps) return finish(RunEnd.MaxSteps, null);
    const node = current;
    const atMs = clock.nowMs();
    const visit = (visits.get(node.id) ?? 0) + 1;
    visits.set(node.id, visit);
    if (node.maxVisits !== undefined && node.onMaxVisits !== undefined && visit > node.maxVisits) {
      record(node, atMs, { note: `entered ${node.maxVisits} times already (maxVisits)` }, { branch: 'onMaxVisits', next: node.onMaxVisits });
      current = flow.nodes.get(node.onMaxVisits);
      continue;
    }
    let outcome;
    try {
      outcome = await execNode(node, ctx);
    } catch (error) {
      if (signal.aborted) return finish(RunEnd.Aborted, null);
      throw new FlowRunError(node.id, trace, { cause: error, retryable: error instanceof AppError && error.retryable });
    }
    switch (outcome.kind) {
      case 'next':
        record(node, atMs, outcome.detail, { branch: formatPath(outcome.edge), next: outcome.target });
        current = flow.nodes.get(outcome.target);
        break;
      case 'end':
        record(node, atMs, outcome.detail, { result: outcome.result });
        return finish(RunEnd.Completed, outcome.result);
      case 'callee_hangup':
        record(node, atMs, { ...outcome.detail, note: 'the callee hung up' });
        return finish(RunEnd.HangupByCallee, null);
    }
  }
  // Unreachable for a validated flow: every edge names an existing node.
  throw new AppError('flow edge leads to no node', { code: 'INTERNAL' });
}
