/**
 * Labelled examples for a triage model, checked before any training: what a
 * workspace sends (or its tickets give) must be able to train something useful,
 * and when it cannot the message says what to fix.
 */
import { MAX_TEXT_CHARS } from '../text/input.ts';

export class TriageDataError extends Error {}

/** Fewer examples of a label cannot be cross-validated in 5 folds, nor learned. */
export const MIN_PER_LABEL = 5;
export const MIN_EXAMPLES = 20;

export interface Example {
  text: string;
  label: string;
}

export interface TrainingSet {
  texts: string[];
  labels: string[];
  /** Examples per label kept. */
  counts: Record<string, number>;
  /** Labels left out for having fewer than MIN_PER_LABEL examples, with their counts. */
  skipped: Record<string, number>;
}

/** What the model reads of a ticket: its subject and the customer's first message, as in training. */
export function ticketText(subject: string, firstMessage: string): string {
  return `${subject}\n${firstMessage}`.slice(0, MAX_TEXT_CHARS + 1);
}

/**
 * Uploaded rows must all have a text and a label: a blank one is a mistake in
 * the file, refused with its row numbers (`rowName(i)`), rather than guessed at.
 */
export function refuseBlankRows(rows: Example[], rowName: (i: number) => string): void {
  const blank = (column: 'text' | 'label') => rows.flatMap((r, i) => (r[column].trim() === '' ? [rowName(i)] : []));
  for (const column of ['text', 'label'] as const) {
    const rowsWithout = blank(column);
    if (rowsWithout.length > 0) {
      const shown = rowsWithout.slice(0, 5).join(', ') + (rowsWithout.length > 5 ? ` and ${rowsWithout.length - 5} more` : '');
      throw new TriageDataError(`${rowsWithout.length === 1 ? 'One example has' : `${rowsWithout.length} examples have`} an empty ${column} (${shown}); fill or remove ${rowsWithout.length === 1 ? 'it' : 'them'}`);
    }
  }
}

/** Keeps the labels with enough examples; refuses a set that leaves fewer than two labels or too few examples. */
export function trainingSet(examples: Example[]): TrainingSet {
  const all = new Map<string, number>();
  for (const e of examples) all.set(e.label.trim(), (all.get(e.label.trim()) ?? 0) + 1);
  const skipped = Object.fromEntries([...all].filter(([, n]) => n < MIN_PER_LABEL).sort());
  const kept = examples.filter((e) => !(e.label.trim() in skipped));
  const counts = Object.fromEntries([...all].filter(([, n]) => n >= MIN_PER_LABEL).sort());
  const labelNames = Object.keys(counts);
  if (all.size < 2) {
    throw new TriageDataError(
      all.size === 0 ? 'No labelled examples to train on' : `Every example has the same label ("${[...all.keys()][0]}"); a classifier needs examples of at least two labels`,
    );
  }
  if (labelNames.length < 2) {
    throw new TriageDataError(
      `Only ${labelNames.length === 0 ? 'no label has' : `"${labelNames[0]}" has`} at least ${MIN_PER_LABEL} examples; a classifier needs two labels with ${MIN_PER_LABEL} examples or more (counts: ${describeCounts(Object.fromEntries(all))})`,
    );
  }
  if (kept.length < MIN_EXAMPLES) {
    throw new TriageDataError(`Only ${kept.length} usable examples; a triage model needs at least ${MIN_EXAMPLES}`);
  }
  return { texts: kept.map((e) => e.text), labels: kept.map((e) => e.label.trim()), counts, skipped };
}

function describeCounts(counts: Record<string, number>): string {
  return Object.entries(counts)
    .map(([l, n]) => `${l} ${n}`)
    .join(', ');
}
