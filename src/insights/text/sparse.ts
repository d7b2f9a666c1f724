/** Compressed sparse rows: the feature matrix of a batch of texts, in typed arrays. */
export interface SparseRows {
  rows: number;
  cols: number;
  /** Row i's entries are indptr[i] .. indptr[i+1]-1 in indices/values. */
  indptr: Int32Array;
  indices: Int32Array;
  values: Float32Array;
}

/** Grows typed arrays while rows are appended, then trims. */
export class SparseBuilder {
  private indptr: number[] = [0];
  private indices = new Int32Array(1024);
  private values = new Float32Array(1024);
  private nnz = 0;

  constructor(private readonly cols: number) {}

  push(index: number, value: number): void {
    if (this.nnz === this.indices.length) {
      const bigger = new Int32Array(this.indices.length * 2);
      bigger.set(this.indices);
      this.indices = bigger;
      const biggerV = new Float32Array(this.values.length * 2);
      biggerV.set(this.values);
      this.values = biggerV;
    }
    this.indices[this.nnz] = index;
    this.values[this.nnz] = value;
    this.nnz++;
  }

  endRow(): void {
    this.indptr.push(this.nnz);
  }

  build(): SparseRows {
    return {
      rows: this.indptr.length - 1,
      cols: this.cols,
      indptr: Int32Array.from(this.indptr),
      indices: this.indices.slice(0, this.nnz),
      values: this.values.slice(0, this.nnz),
    };
  }
}

/** The rows listed in `which`, in that order (for cross-validation folds). */
export function selectRows(m: SparseRows, which: ArrayLike<number>): SparseRows {
  let nnz = 0;
  for (let k = 0; k < which.length; k++) nnz += m.indptr[which[k] + 1] - m.indptr[which[k]];
  const indptr = new Int32Array(which.length + 1);
  const indices = new Int32Array(nnz);
  const values = new Float32Array(nnz);
  let at = 0;
  for (let k = 0; k < which.length; k++) {
    const a = m.indptr[which[k]];
    const b = m.indptr[which[k] + 1];
    indices.set(m.indices.subarray(a, b), at);
    values.set(m.values.subarray(a, b), at);
    at += b - a;
    indptr[k + 1] = at;
  }
  return { rows: which.length, cols: m.cols, indptr, indices, values };
}
