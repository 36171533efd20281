// What every file reader (CSV, TXT, XLSX) hands to the import: one record per row of the file, with the
// 1-based line (text) or row (XLSX) where it starts, or the reason it cannot be read.
export type SourceRecord =
  | { readonly kind: 'row'; readonly line: number; readonly cells: readonly string[] }
  | { readonly kind: 'malformed'; readonly line: number; readonly raw: string; readonly detail: string };

/** Records arrive in groups (one per chunk of the file) so that a million rows are not a million awaits. */
export type RecordSource = AsyncIterable<readonly SourceRecord[]>;
