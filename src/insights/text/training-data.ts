/** Checks on labelled examples before any training, with messages that say what to fix. */

export class TrainingDataError extends Error {}

export interface LabelledTexts {
  texts: string[];
  /** Label index per text, into `labels`. */
  y: Int32Array;
  /** Distinct labels, sorted, so that the same data always gives the same model. */
  labels: string[];
  counts: number[];
}

export function indexLabels(texts: readonly string[], labels: readonly string[]): LabelledTexts {
  if (texts.length !== labels.length) {
    throw new TrainingDataError(`${texts.length} texts but ${labels.length} labels`);
  }
  if (texts.length === 0) throw new TrainingDataError('no training examples');
  const distinct = [...new Set(labels)].sort();
  if (distinct.length < 2) {
    throw new TrainingDataError(
      `the label column has only one class ("${distinct[0]}"); a classifier needs examples of at least two labels`,
    );
  }
  const at = new Map(distinct.map((l, i) => [l, i]));
  const y = Int32Array.from(labels, (l) => at.get(l)!);
  const counts = distinct.map(() => 0);
  for (const v of y) counts[v]++;
  return { texts: [...texts], y, labels: distinct, counts };
}
