/**
 * Thrown when a model cannot be estimated from the data given (no repeat buyers,
 * parameters running off to 0 or ∞, an optimiser that does not converge) or a
 * prediction would not be a finite number. The message says which and why, so the
 * CLI can print it as is; we never hand back NaN or Infinity instead.
 */
export class ModelFitError extends Error {
  override name = 'ModelFitError';
}

/** Throws ModelFitError unless every value is finite; `what` names them in the message. */
export function assertFinite(what: string, values: Record<string, number>): void {
  const bad = Object.entries(values).filter(([, v]) => !Number.isFinite(v));
  if (bad.length > 0) {
    throw new ModelFitError(`${what}: non-finite ${bad.map(([k, v]) => `${k} = ${v}`).join(', ')}`);
  }
}
