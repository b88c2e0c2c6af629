// The bureau CSV importer (`npm run import`), as functions for tests and other scripts.
export { parseCsvFile, type ParsedCsv, type CsvRow, type CsvEncoding } from './csvFile';
export { convertRows, type ConversionResult, type ConvertedRow, type ConvertOptions } from './convert';
export { runImport, type ImportOptions, type ImportReport } from './runImport';
export { journalPathOf } from './journal';
export { HEADER_ALIASES, fieldOfHeading } from './headerAliases';
export * from './errors';
