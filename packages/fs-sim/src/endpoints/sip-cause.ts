// sofia_glue_sip_cause_to_freeswitch() of src/mod/endpoints/mod_sofia/sofia_glue.c (1.10.12): the hangup cause
// of a SIP final response that carries no `Reason: Q.850` header (with one, the Q.850 cause wins).
import { type HangupCause, causeNumber } from '../core/hangup-cause.js';

const TABLE: ReadonlyArray<readonly [readonly number[], HangupCause]> = [
  [[200], 'NORMAL_CLEARING'],
  [[401, 402, 403, 407, 603, 608], 'CALL_REJECTED'],
  [[607], 'UNWANTED'],
  [[404], 'UNALLOCATED_NUMBER'],
  [[485, 604], 'NO_ROUTE_DESTINATION'],
  [[408, 504], 'RECOVERY_ON_TIMER_EXPIRE'],
  [[410], 'NUMBER_CHANGED'],
  [[413, 414, 416, 420, 421, 423, 505, 513], 'INTERWORKING'],
  [[480], 'NO_USER_RESPONSE'],
  [[400, 481, 500, 503], 'NORMAL_TEMPORARY_FAILURE'],
  [[486, 600], 'USER_BUSY'],
  [[484], 'INVALID_NUMBER_FORMAT'],
  [[488, 606], 'INCOMPATIBLE_DESTINATION'],
  [[502], 'NETWORK_OUT_OF_ORDER'],
  [[405], 'SERVICE_UNAVAILABLE'],
  [[406, 415, 501], 'SERVICE_NOT_IMPLEMENTED'],
  [[482, 483], 'EXCHANGE_ROUTING_ERROR'],
  [[487], 'ORIGINATOR_CANCEL'],
  [[428], 'NO_IDENTITY'],
  [[429], 'BAD_IDENTITY_INFO'],
  [[437], 'UNSUPPORTED_CERTIFICATE'],
  [[438], 'INVALID_IDENTITY'],
];

export function sipStatusToCause(status: number): number {
  for (const [statuses, cause] of TABLE) if (statuses.includes(status)) return causeNumber(cause);
  return causeNumber('NORMAL_UNSPECIFIED');
}

/** The reason phrases a far end sends with each status (RFC 3261 section 21), for sip_invite_failure_phrase. */
export function sipReasonPhrase(status: number): string {
  return PHRASES[status] ?? 'Unknown';
}

const PHRASES: Readonly<Record<number, string>> = {
  400: 'Bad Request', 401: 'Unauthorized', 402: 'Payment Required', 403: 'Forbidden', 404: 'Not Found',
  405: 'Method Not Allowed', 406: 'Not Acceptable', 407: 'Proxy Authentication Required', 408: 'Request Timeout',
  410: 'Gone', 413: 'Request Entity Too Large', 414: 'Request-URI Too Long', 415: 'Unsupported Media Type',
  416: 'Unsupported URI Scheme', 420: 'Bad Extension', 421: 'Extension Required', 423: 'Interval Too Brief',
  480: 'Temporarily Unavailable', 481: 'Call/Transaction Does Not Exist', 482: 'Loop Detected',
  483: 'Too Many Hops', 484: 'Address Incomplete', 485: 'Ambiguous', 486: 'Busy Here', 487: 'Request Terminated',
  488: 'Not Acceptable Here', 491: 'Request Pending', 493: 'Undecipherable', 500: 'Server Internal Error',
  501: 'Not Implemented', 502: 'Bad Gateway', 503: 'Service Unavailable', 504: 'Server Time-out',
  505: 'Version Not Supported', 513: 'Message Too Large', 600: 'Busy Everywhere', 603: 'Decline',
  604: 'Does Not Exist Anywhere', 606: 'Not Acceptable', 607: 'Unwanted', 608: 'Rejected',
};
