// The originate responder's decision, in the contract's order: a malformed request is INVALID_REQUEST
// (fields named), a node without its event socket or draining is NODE_UNAVAILABLE, an attempt id this
// process or FreeSWITCH already knows is DUPLICATE_ATTEMPT; otherwise `bgapi originate` and ACCEPTED as
// soon as FreeSWITCH acknowledges the job.
import { EslCommandError, type EslClient } from '@ringpace/esl';
import { OriginateStatus, type OriginateReply, type OriginateRequest } from '@ringpace/proto';
import { traceFields } from '@ringpace/telemetry';
import type { CallSession } from '../calls/call-session.js';
import { originateCommand } from './dial-string.js';
import { describeViolations, originateViolations } from './validate-request.js';

export interface OriginateHost {
  readonly nodeId: string;
  readonly esl: EslClient;
  readonly commandTimeoutMs: number;
  readonly draining: boolean;
  /** Known here: live, or ended recently. */
  knows(attemptId: string): boolean;
  /** Creates and registers the session, so the channel's first events find it. */
  track(request: OriginateRequest, trace: { traceparent: string; tracestate: string }): CallSession;
  forget(attemptId: string): void;
}

export async function handleOriginate(host: OriginateHost, request: OriginateRequest): Promise<OriginateReply> {
  const reply = (status: OriginateStatus, detail = ''): OriginateReply => ({ status, detail, nodeId: host.nodeId });
  const violations = originateViolations(request);
  if (violations.length > 0) return reply(OriginateStatus.INVALID_REQUEST, describeViolations(violations));
  if (host.draining) return reply(OriginateStatus.NODE_UNAVAILABLE, 'the media service of this node is draining');
  if (!host.esl.connected) return reply(OriginateStatus.NODE_UNAVAILABLE, 'no event-socket connection to the node');
  if (host.knows(request.attemptId)) return reply(OriginateStatus.DUPLICATE_ATTEMPT, 'this attempt was already originated here');

  const trace = traceFields();
  // Registered before the await, so a concurrent retry of the same request is a duplicate too.
  const session = host.track(request, trace);
  let exists: boolean;
  try {
    exists = (await host.esl.api(`uuid_exists ${request.attemptId}`, { timeoutMs: host.commandTimeoutMs })).body.trim() === 'true';
  } catch (error) {
    host.forget(request.attemptId);
    return reply(OriginateStatus.NODE_UNAVAILABLE, `the node did not answer uuid_exists: ${(error as Error).message}`);
  }
  if (exists) {
    host.forget(request.attemptId);
    session.log.warn('originate refused: the node already has a channel with this attempt id');
    return reply(OriginateStatus.DUPLICATE_ATTEMPT, 'the node already has a channel with this attempt id');
  }

  try {
    await host.esl.command(`bgapi ${originateCommand(request, trace.traceparent)}`, { timeoutMs: host.commandTimeoutMs });
  } catch (error) {
    if (error instanceof EslCommandError) {
      host.forget(request.attemptId);
      return reply(OriginateStatus.NODE_UNAVAILABLE, `the node refused the originate: ${error.message}`);
    }
    // Sent, but no acknowledgement: the call may exist. It is followed as accepted, so it ends in exactly
    // one outcome (its events, reconciliation, or LOST from the originate watchdog), never a second dial.
    session.log.warn({ err: error }, 'originate sent without acknowledgement: following it as accepted');
    session.accepted();
    return reply(OriginateStatus.ACCEPTED, 'the node did not acknowledge in time; the outcome follows as call events');
  }
  session.info({ destination: request.destination, gateway: request.gateway }, 'originate accepted');
  session.accepted();
  return reply(OriginateStatus.ACCEPTED);
}
