import type { Db } from '../../platform/db/client.ts';
import { readCsvText } from '../../platform/csv.ts';
import { labelledTickets, type TicketLabel } from '../../service/store.ts';
import { listTeams } from '../../service/routing/store.ts';
import { refuseBlankRows, ticketText, TriageDataError, type Example } from './examples.ts';

/** The latest labelled tickets a model learns from: enough to learn, recent enough to reflect today's teams. */
export const MAX_TICKETS = 10_000;
export const MAX_UPLOAD = 20_000;

export type ExampleSource =
  | { kind: 'tickets' }
  | { kind: 'examples'; rows: Example[] }
  | { kind: 'csv'; text: string; textColumn: string; labelColumn: string };

/** The examples of a training request (JSON rows are at most MAX_UPLOAD by the route's schema); TriageDataError (or CsvError) says what is wrong with an upload. */
export async function collectExamples(db: Db, workspaceId: string, target: TicketLabel, source: ExampleSource): Promise<Example[]> {
  if (source.kind === 'tickets') {
    const rows = await labelledTickets(db, workspaceId, target, MAX_TICKETS);
    return rows.map((r) => ({ text: ticketText(r.subject, r.body), label: r.label }));
  }
  const { rows, rowName } = source.kind === 'examples' ? { rows: source.rows, rowName: (i: number) => `examples[${i}]` } : await csvRows(source);
  refuseBlankRows(rows, rowName);
  if (target.kind === 'team') await refuseUnknownTeams(db, workspaceId, rows);
  return rows;
}

async function csvRows(source: Extract<ExampleSource, { kind: 'csv' }>): Promise<{ rows: Example[]; rowName: (i: number) => string }> {
  const rows: Example[] = [];
  const lines: number[] = [];
  for await (const row of readCsvText(source.text, 'the CSV', { requiredColumns: [source.textColumn, source.labelColumn] })) {
    if (rows.length === MAX_UPLOAD) throw new TriageDataError(`The CSV has more than ${MAX_UPLOAD.toLocaleString('en')} rows; send the most recent ones`);
    rows.push({ text: row.values[source.textColumn] ?? '', label: row.values[source.labelColumn] ?? '' });
    lines.push(row.line);
  }
  return { rows, rowName: (i) => `line ${lines[i]}` };
}

/** A team label names a team of the workspace, or the model could only ever predict what cannot be applied. */
async function refuseUnknownTeams(db: Db, workspaceId: string, rows: Example[]): Promise<void> {
  const teams = (await listTeams(db, workspaceId)).map((t) => t.name);
  const unknown = [...new Set(rows.map((r) => r.label.trim()))].filter((l) => !teams.includes(l)).sort();
  if (unknown.length > 0) {
    throw new TriageDataError(
      `${unknown.length === 1 ? 'The label' : 'The labels'} ${unknown.map((l) => `"${l}"`).join(', ')} ${unknown.length === 1 ? 'is not the name of a team' : 'are not names of teams'} of this workspace` +
        ` (teams: ${teams.length ? teams.join(', ') : 'none yet'}); create the teams first, or predict a custom field instead`,
    );
  }
}
