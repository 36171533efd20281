// The Content-Type values mod_event_socket sends (src/mod/event_handlers/mod_event_socket/mod_event_socket.c, v1.10.12).

export const ContentType = {
  AuthRequest: 'auth/request',
  CommandReply: 'command/reply',
  ApiResponse: 'api/response',
  EventPlain: 'text/event-plain',
  EventJson: 'text/event-json',
  EventXml: 'text/event-xml',
  DisconnectNotice: 'text/disconnect-notice',
  LogData: 'log/data',
  /** Sent instead of auth/request when the client's address is refused by the ACL. */
  RudeRejection: 'text/rude-rejection',
} as const;
export type ContentType = (typeof ContentType)[keyof typeof ContentType];
