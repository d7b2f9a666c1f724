import type { FastifyReply } from 'fastify';
import { stringify } from 'csv-stringify/sync';
import { spreadsheetCsv } from '../csv.ts';

/**
 * Answers with a CSV download that spreadsheets open as they should (see spreadsheetCsv),
 * with a UTF-8 byte-order mark so Excel reads accents.
 */
export function sendCsv(reply: FastifyReply, filename: string, rows: object[], columns?: string[]) {
  const csv = stringify(rows, { ...spreadsheetCsv, columns: columns ?? (rows[0] ? Object.keys(rows[0]) : ['empty']) });
  return reply
    .header('content-type', 'text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filename.replace(/[^\w.-]/g, '_')}"`)
    .send('\ufeff' + csv);
}
