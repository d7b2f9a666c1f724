import fs from 'node:fs';
import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import { stringify } from 'csv-stringify';
import { repairText } from './text.ts';

/** One parsed CSV record with the 1-based line number it ends on (for error messages). */
export interface CsvRow {
  line: number;
  /** Bytes of the file read so far, for progress bars. */
  bytes?: number;
  values: Record<string, string>;
}

export class CsvError extends Error {}

/**
 * Streams an RFC 4180 CSV file (quoted fields, commas and newlines inside quotes,
 * a UTF-8 BOM) as records keyed by the header row. Throws CsvError naming the
 * missing columns before yielding anything, so a wrong file changes nothing.
 */
export async function* readCsv(file: string, options: { requiredColumns?: string[] } = {}): AsyncGenerator<CsvRow> {
  if (!fs.existsSync(file)) throw new CsvError(`File not found: ${file}`);
  yield* parseRecords(fs.createReadStream(file), file, options.requiredColumns ?? []);
}

/** readCsv for CSV text already in memory (an uploaded body); `name` says what it is in messages. */
export async function* readCsvText(text: string, name: string, options: { requiredColumns?: string[] } = {}): AsyncGenerator<CsvRow> {
  yield* parseRecords(Readable.from([text]), name, options.requiredColumns ?? []);
}

async function* parseRecords(input: Readable, name: string, requiredColumns: string[]): AsyncGenerator<CsvRow> {
  const parser = input.pipe(
    parse({
      bom: true,
      // Checked on the header itself, so a file with a header and no rows is judged too.
      columns: (header: string[]) => {
        const names = header.map((h) => repairText(h.trim()));
        const missing = requiredColumns.filter((c) => !names.includes(c));
        if (missing.length > 0) {
          throw new CsvError(
            `${name}: missing column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `"${m}"`).join(', ')} (found: ${names.join(', ')})`,
          );
        }
        return names;
      },
      skip_empty_lines: true,
      relax_column_count: true,
      info: true,
    }),
  );
  try {
    for await (const record of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number; bytes: number } }>) {
      yield { line: record.info.lines, bytes: record.info.bytes, values: withoutNul(record.record) };
    }
  } catch (err) {
    if (err instanceof CsvError) throw err;
    throw new CsvError(`${name}: ${(err as Error).message}`);
  }
}

/**
 * A file's NUL bytes dropped (PostgreSQL cannot store them; see text.ts). Decoding the
 * file already made any invalid UTF-8 U+FFFD, so NUL is all there is left to repair.
 */
function withoutNul(values: Record<string, string>): Record<string, string> {
  for (const [name, value] of Object.entries(values)) if (value.includes('\u0000')) values[name] = repairText(value);
  return values;
}

/**
 * CSV options for downloads people open in spreadsheets: RFC 4180 with CRLF, and text
 * that would start a formula (=, +, -, @) prefixed with an apostrophe, so a
 * customer's "=HYPERLINK(…)" subject is shown, never run (OWASP's CSV injection advice).
 */
export const spreadsheetCsv = {
  header: true,
  record_delimiter: 'windows',
  cast: { string: (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value) },
} as const;

/** Writes rows as RFC 4180 CSV with a header (CRLF line ends, quotes where needed), as spreadsheets expect. */
export async function writeCsv(file: string, columns: string[], rows: Iterable<Record<string, unknown>> | AsyncIterable<Record<string, unknown>>): Promise<void> {
  const out = fs.createWriteStream(file);
  // Files for pipelines keep every value as given (no formula guard): see spreadsheetCsv for downloads.
  const stringifier = stringify({ header: true, columns, record_delimiter: 'windows' });
  const done = new Promise<void>((resolve, reject) => {
    out.on('finish', resolve);
    out.on('error', reject);
    stringifier.on('error', reject);
  });
  stringifier.pipe(out);
  for await (const row of rows) {
    if (!stringifier.write(row)) await new Promise((r) => stringifier.once('drain', r));
  }
  stringifier.end();
  await done;
}
