// Contact import: CSV, XLSX and TXT files streamed into a campaign's contacts, with a per-row report.
export {
  runContactImport,
  ImportInterruptedError,
  DEFAULT_BATCH_SIZE,
  MAX_BATCH_SIZE,
  DEFAULT_WRITERS,
  MAX_WRITERS,
  type RunContactImportOptions,
} from './run-contact-import.js';
export { validateImportHeader, FileFormat, TextEncodingLabel, type ValidImportHeader, type ColumnMappingRefs } from './import-header.js';
export { importToProto, importRecordToProto, type ImportRecord, type ImportCountsState, type ImportStatusName } from './import-summary.js';
export { listImportRejections, DEFAULT_REJECTIONS_PAGE_SIZE, MAX_REJECTIONS_PAGE_SIZE } from './import-rejections.js';
