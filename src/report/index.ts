export { comparisonTable } from './table.js';
export { reportHtml } from './html.js';
export { resultRows, toCsv, parseCsv, type CsvValue } from './csv.js';
export { REPORT_FILES, writeReports, writtenLines, type WrittenReports } from './write.js';
export { esc } from './escape.js';
