/**
 * The header row of a CSV file on its own. readCsv (platform/csv.ts) checks
 * required columns on the first data row, so a file with a header and no rows
 * would pass unchecked and leave us not knowing the columns to write back.
 */
import fs from 'node:fs';
import { parse } from 'csv-parse/sync';
import { CsvError } from '../platform/csv.ts';

export function readCsvHeader(file: string, requiredColumns: string[] = []): string[] {
  if (!fs.existsSync(file)) throw new CsvError(`File not found: ${file}`);
  // The header is in the first few KiB unless a column name is absurdly long; read more until a line ends outside quotes.
  const fd = fs.openSync(file, 'r');
  let header: string[] | undefined;
  try {
    let size = 16 * 1024;
    for (;;) {
      const buf = Buffer.alloc(size);
      const n = fs.readSync(fd, buf, 0, size, 0);
      const text = buf.subarray(0, n).toString('utf8');
      if (n === size && !text.includes('\n')) {
        size *= 4;
        continue;
      }
      try {
        const rows = parse(text, { bom: true, to_line: 1, relax_column_count: true }) as string[][];
        header = rows[0] ?? [];
        break;
      } catch (err) {
        if (n < size) throw new CsvError(`${file}: ${(err as Error).message}`);
        size *= 4;
      }
    }
  } finally {
    fs.closeSync(fd);
  }
  if (header.length === 0) throw new CsvError(`${file} is empty: expected a header row`);
  const missing = requiredColumns.filter((c) => !header.includes(c));
  if (missing.length > 0) {
    throw new CsvError(
      `${file}: missing column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')} (found: ${header.join(', ')})`,
    );
  }
  return header;
}
