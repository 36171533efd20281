// Picks the reader for the header's format: bytes → records, and counts the bytes that arrived so that a
// stream that ends short of the announced size is known to be cut rather than taken for the whole file.
import { FileFormat, type ValidImportHeader } from './import-header.js';
import { DelimitedReader } from './delimited-reader.js';
import type { RecordSource } from './source-record.js';
import { decodeText, type EncodingChoice } from './text-decoder.js';
import { readXlsxRecords } from './xlsx-reader.js';

/** The file's chunks as they arrive, counted, and stopped when `signal` aborts. */
export class MeteredChunks implements AsyncIterable<Uint8Array> {
  bytes = 0;

  constructor(
    private readonly chunks: AsyncIterable<Uint8Array>,
    private readonly signal: AbortSignal,
  ) {}

  async *[Symbol.asyncIterator](): AsyncGenerator<Uint8Array> {
    this.signal.throwIfAborted();
    for await (const chunk of this.chunks) {
      this.signal.throwIfAborted();
      this.bytes += chunk.byteLength;
      yield chunk;
    }
    this.signal.throwIfAborted();
  }
}

async function* readDelimitedRecords(chunks: AsyncIterable<Uint8Array>, header: ValidImportHeader, onEncoding: (choice: EncodingChoice) => void): RecordSource {
  const reader = new DelimitedReader({ quoting: header.format === FileFormat.Csv, delimiter: header.delimiter });
  for await (const text of decodeText(chunks, header.encoding, onEncoding)) {
    const records = reader.push(text);
    if (records.length > 0) yield records;
  }
  const rest = reader.end();
  if (rest.length > 0) yield rest;
}

export function readRecords(chunks: AsyncIterable<Uint8Array>, header: ValidImportHeader, onEncoding: (choice: EncodingChoice) => void = () => undefined): RecordSource {
  return header.format === FileFormat.Xlsx ? readXlsxRecords(chunks, header.sheet) : readDelimitedRecords(chunks, header, onEncoding);
}
