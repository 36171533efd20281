// Layer 2: one raw frame to a typed frame, by Content-Type (mod_event_socket.c v1.10.12; captures README point 2).
// Pure. Bodies must be UTF-8; events are decoded whatever their wire format.
import { isUtf8 } from 'node:buffer';
import { EslProtocolError, ProtocolViolation } from '../errors.js';
import { ContentType } from '../protocol/content-type.js';
import type { FrameHeaders, RawFrame } from '../protocol/frame-splitter.js';
import { EventFormat, isKnownEvent, makeEvent, type EslEvent, type UnknownEvent } from './esl-event.js';
import { decodeJsonEvent } from './json-event.js';
import { decodePlainEvent, type DecodedEventParts } from './plain-event.js';
import { decodeXmlEvent } from './xml-event.js';

/** `disconnect` precedes the server closing; `linger` announces that events keep coming a while [c3, c6]. */
export const DisconnectDisposition = { Disconnect: 'disconnect', Linger: 'linger' } as const;
export type DisconnectDisposition = (typeof DisconnectDisposition)[keyof typeof DisconnectDisposition];

export type DecodedFrame =
  | { readonly kind: 'auth-request'; readonly headers: FrameHeaders }
  | {
      readonly kind: 'command-reply';
      readonly headers: FrameHeaders;
      /** `Reply-Text` exactly as sent: `+OK accepted`, `-ERR invalid`, `+OK Job-UUID: <uuid>` ... */
      readonly replyText: string;
      readonly ok: boolean;
    }
  | { readonly kind: 'api-response'; readonly headers: FrameHeaders; readonly body: string }
  | { readonly kind: 'event'; readonly headers: FrameHeaders; readonly event: EslEvent }
  | { readonly kind: 'unknown-event'; readonly headers: FrameHeaders; readonly event: UnknownEvent }
  | {
      readonly kind: 'disconnect-notice';
      readonly headers: FrameHeaders;
      /** Absent on a plain inbound connection (no session controlled) [a1]. */
      readonly disposition: DisconnectDisposition | undefined;
      readonly controlledSessionUuid: string | undefined;
      readonly body: string;
    }
  | { readonly kind: 'log-data'; readonly headers: FrameHeaders; readonly level: number; readonly body: string }
  | { readonly kind: 'rude-rejection'; readonly headers: FrameHeaders; readonly body: string };

export type FrameKind = DecodedFrame['kind'];

function violation(kind: ProtocolViolation, detail: string): EslProtocolError {
  return new EslProtocolError(kind, detail);
}

function text(frame: RawFrame): string | EslProtocolError {
  if (frame.body.length === 0) return '';
  if (!isUtf8(frame.body)) return violation(ProtocolViolation.InvalidUtf8, `${frame.headers['Content-Type'] ?? 'frame'} body is not UTF-8`);
  return frame.body.toString('utf8');
}

function eventFrame(headers: FrameHeaders, format: EventFormat, parts: DecodedEventParts | string): DecodedFrame | EslProtocolError {
  if (typeof parts === 'string') return violation(ProtocolViolation.BadEventBody, parts);
  const event = makeEvent(format, parts.headers, parts.body);
  if (event === undefined) return violation(ProtocolViolation.BadEventBody, `${format} event without Event-Name`);
  return isKnownEvent(event) ? { kind: 'event', headers, event } : { kind: 'unknown-event', headers, event };
}

export function decodeFrame(frame: RawFrame): DecodedFrame | EslProtocolError {
  const { headers } = frame;
  const contentType = headers['Content-Type'];
  if (contentType === undefined) return violation(ProtocolViolation.MissingContentType, `frame with headers ${Object.keys(headers).join(', ')}`);
  switch (contentType) {
    case ContentType.EventPlain: {
      if (!isUtf8(frame.body)) return violation(ProtocolViolation.InvalidUtf8, 'text/event-plain body is not UTF-8');
      return eventFrame(headers, EventFormat.Plain, decodePlainEvent(frame.body));
    }
    case ContentType.EventJson: {
      const body = text(frame);
      return typeof body === 'string' ? eventFrame(headers, EventFormat.Json, decodeJsonEvent(body)) : body;
    }
    case ContentType.EventXml: {
      const body = text(frame);
      return typeof body === 'string' ? eventFrame(headers, EventFormat.Xml, decodeXmlEvent(body)) : body;
    }
    case ContentType.CommandReply: {
      const replyText = headers['Reply-Text'];
      if (replyText === undefined) return violation(ProtocolViolation.MalformedHeader, 'command/reply without Reply-Text');
      return { kind: 'command-reply', headers, replyText, ok: replyText.startsWith('+') };
    }
    case ContentType.ApiResponse: {
      const body = text(frame);
      return typeof body === 'string' ? { kind: 'api-response', headers, body } : body;
    }
    case ContentType.AuthRequest:
      return { kind: 'auth-request', headers };
    case ContentType.DisconnectNotice: {
      const body = text(frame);
      if (typeof body !== 'string') return body;
      const disposition = headers['Content-Disposition'];
      return {
        kind: 'disconnect-notice',
        headers,
        disposition: disposition === 'disconnect' || disposition === 'linger' ? disposition : undefined,
        controlledSessionUuid: headers['Controlled-Session-UUID'],
        body,
      };
    }
    case ContentType.LogData: {
      const body = text(frame);
      if (typeof body !== 'string') return body;
      const level = Number(headers['Log-Level']);
      return { kind: 'log-data', headers, level: Number.isInteger(level) ? level : -1, body };
    }
    case ContentType.RudeRejection: {
      const body = text(frame);
      return typeof body === 'string' ? { kind: 'rude-rejection', headers, body } : body;
    }
    default:
      return violation(ProtocolViolation.UnknownContentType, `Content-Type ${JSON.stringify(contentType.slice(0, 60))}`);
  }
}
