/**
 * The step that ends every shortest-augmenting-path search, dense or sparse:
 * move the dual prices so every reduced cost stays ≥ 0 and the new path is
 * tight (Crouse 2016, eq. 12–14), then flip the alternating path so the
 * search's start row gains a column.
 */

/** What a finished search hands over; arrays are the solver's own and are updated in place. */
export interface FinishedSearch {
  readonly start: number;
  readonly sink: number;
  /** Length of the shortest path to the sink. */
  readonly minVal: number;
  /** Rows the search scanned, `start` first. */
  readonly scannedRows: Int32Array;
  readonly numScannedRows: number;
  /** Columns the search scanned (took off its frontier). */
  readonly scannedCols: Int32Array;
  readonly numScannedCols: number;
  /** Tentative distance of every scanned column. */
  readonly dist: Float64Array;
  /** For each reached column, the row it was reached from. */
  readonly path: Int32Array;
}

/**
 * Moves the potentials after a search: scanned rows and columns shift so the
 * shortest path becomes tight and every reduced cost stays ≥ 0. Must run
 * before the path is flipped (it reads each scanned row's current column).
 */
export function updateDuals(search: FinishedSearch, u: Float64Array, v: Float64Array, col4row: Int32Array): void {
  const { start, minVal, scannedRows, numScannedRows, scannedCols, numScannedCols, dist } = search;
  u[start] = (u[start] as number) + minVal;
  for (let k = 1; k < numScannedRows; k++) {
    const r = scannedRows[k] as number;
    u[r] = (u[r] as number) + minVal - (dist[col4row[r] as number] as number);
  }
  for (let k = 0; k < numScannedCols; k++) {
    const c = scannedCols[k] as number;
    v[c] = (v[c] as number) - (minVal - (dist[c] as number));
  }
}

/** Applies the dual update and the augmentation of `search` (one row per column). */
export function augmentPath(search: FinishedSearch, u: Float64Array, v: Float64Array, col4row: Int32Array, row4col: Int32Array): void {
  updateDuals(search, u, v, col4row);
  const { start, sink, path } = search;
  let j = sink;
  for (;;) {
    const r = path[j] as number;
    row4col[j] = r;
    const prev = col4row[r] as number;
    col4row[r] = j;
    if (r === start) break;
    j = prev;
  }
}
