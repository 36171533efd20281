// Call operations on a live call of this node (CallOpRequest over NATS): hangup (`uuid_kill <uuid> <cause>`)
// and transfer (`uuid_transfer`). Listen, whisper and barge need the supervisor's leg placed into
// `eavesdrop` / `three_way`, which this service does not do yet (and fs-sim models neither those
// applications nor user/ endpoints): they are refused as FAILED_PRECONDITION naming the op.
import { FailedPreconditionError, ValidationError } from '@ringpace/errors';
import { isHangupCause, type EslClient } from '@ringpace/esl';
import type { Logger } from '@ringpace/log';
import { CallOpStatus, type CallOpReply, type CallOpRequest } from '@ringpace/proto';
import type { CallSession } from '../calls/call-session.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A dialplan extension or an E.164 number. */
const TRANSFER_DESTINATION = /^[A-Za-z0-9+*#_.-]{1,64}$/;

export interface CallOpHost {
  readonly esl: EslClient;
  readonly commandTimeoutMs: number;
  readonly transferContext: string;
  readonly log: Logger;
  session(callId: string): CallSession | undefined;
}

function fsReply(body: string): CallOpReply {
  const detail = body.trim();
  const status = /no such channel/i.test(detail) ? CallOpStatus.CALL_NOT_FOUND : CallOpStatus.FAILED;
  return { status, detail, supervisorCallId: '' };
}

export async function handleCallOp(host: CallOpHost, request: CallOpRequest): Promise<CallOpReply> {
  const op = request.op;
  if (op === undefined) throw new ValidationError([{ field: 'op', message: 'is required' }]);
  if (!UUID.test(request.callId)) throw new ValidationError([{ field: 'call_id', message: 'must be a UUID' }]);
  const session = host.session(request.callId);
  // A call of another tenant is not found, not refused: its existence is not this caller's to learn.
  if (session !== undefined && request.tenantId !== '' && session.tenantId !== request.tenantId) {
    return { status: CallOpStatus.CALL_NOT_FOUND, detail: 'no such call', supervisorCallId: '' };
  }
  if (!host.esl.connected) return { status: CallOpStatus.NODE_UNAVAILABLE, detail: 'no event-socket connection to the node', supervisorCallId: '' };
  const log = (session?.log ?? host.log).child({ op: op.$case, actor: request.actor });
  switch (op.$case) {
    case 'hangup': {
      const cause = op.value.hangupCause === '' ? 'NORMAL_CLEARING' : op.value.hangupCause;
      if (!isHangupCause(cause)) throw new ValidationError([{ field: 'hangup.hangup_cause', message: 'must be a FreeSWITCH hangup cause such as NORMAL_CLEARING' }]);
      const result = await host.esl.api(`uuid_kill ${request.callId} ${cause}`, { timeoutMs: host.commandTimeoutMs });
      log.info({ ok: result.ok }, 'hangup requested');
      return result.ok ? { status: CallOpStatus.OK, detail: '', supervisorCallId: '' } : fsReply(result.body);
    }
    case 'transfer': {
      const destination = op.value.destination;
      if (!TRANSFER_DESTINATION.test(destination)) throw new ValidationError([{ field: 'transfer.destination', message: 'must be an extension or an E.164 number' }]);
      // The flow stops first: its next command would otherwise land on a channel the dialplan now owns.
      session?.releaseFromFlow('transferred by a call op');
      const result = await host.esl.api(`uuid_transfer ${request.callId} ${destination} XML ${host.transferContext}`, { timeoutMs: host.commandTimeoutMs });
      log.info({ ok: result.ok }, 'transfer requested');
      return result.ok ? { status: CallOpStatus.OK, detail: '', supervisorCallId: '' } : fsReply(result.body);
    }
    case 'listen':
    case 'whisper':
    case 'barge':
      throw new FailedPreconditionError(`${op.$case} is not available on this media node: placing the supervisor's leg (eavesdrop / three_way) is not implemented`);
  }
}
