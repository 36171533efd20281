// Value codecs for KV entries and request/reply payloads: JSON for plain data, protobuf for wire types.
import { AppError } from '@ringpace/errors';

export interface Codec<T> {
  encode(value: T): Uint8Array;
  /** Throws CodecError when the bytes are not a T. */
  decode(bytes: Uint8Array): T;
}

/** The part of a ts-proto message type (`Event`, `OriginateRequest`...) a codec needs. */
export interface ProtoMessageType<T> {
  encode(message: T): { finish(): Uint8Array };
  decode(input: Uint8Array): T;
}

export class CodecError extends AppError {
  override readonly name = 'CodecError';
  constructor(message: string, options: ErrorOptions = {}) {
    super(message, { ...options, code: 'INVALID_ARGUMENT', retryable: false });
  }
}

const encoder = new TextEncoder();
const decoder = new TextDecoder('utf-8', { fatal: true });

/**
 * JSON text. The type parameter is trusted, not checked: use it for values this system wrote itself
 * (leases, health records), and a proto codec for anything another program may write.
 */
export function jsonCodec<T>(): Codec<T> {
  return {
    encode: (value) => encoder.encode(JSON.stringify(value)),
    decode: (bytes) => {
      try {
        return JSON.parse(decoder.decode(bytes)) as T;
      } catch (error) {
        throw new CodecError('value is not JSON', { cause: error });
      }
    },
  };
}

export function protoCodec<T>(type: ProtoMessageType<T>): Codec<T> {
  return {
    encode: (value) => type.encode(value).finish(),
    decode: (bytes) => {
      try {
        return type.decode(bytes);
      } catch (error) {
        throw new CodecError('value does not decode as the expected protobuf message', { cause: error });
      }
    },
  };
}
