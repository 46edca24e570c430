/**
 * Peak resident memory of one solve of ours, measured in a fresh process so
 * nothing else of the benchmark is counted.
 *
 * Usage (compare-solvers.ts runs it): node --import tsx bench/measure-peak-rss.ts FILE ROWS COLS
 *
 * Reads the raw float64 matrix, resets the kernel's high-water mark
 * (`5` → /proc/self/clear_refs, Linux ≥ 4.0), solves once, and prints one JSON
 * line of {@link PeakRss}. When the reset is refused, the high-water mark
 * before the solve is the baseline instead (it then includes loading).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { solveShortestPath } from '../engine/solve-shortest-path.js';

/** What the child prints: kibibytes, as /proc/self/status reports them. */
export interface PeakRss {
  /** Resident set just before the solve (VmRSS, or VmHWM when the reset failed). */
  readonly beforeKb: number;
  /** Highest resident set reached during the solve (VmHWM). */
  readonly peakKb: number;
  /** Whether the high-water mark could be reset before the solve. */
  readonly reset: boolean;
}

/** One `Vm…:  123 kB` field of /proc/self/status, in kB. */
function statusKb(field: 'VmRSS' | 'VmHWM'): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync('/proc/self/status', 'utf8'));
  if (match === null) throw new Error(`/proc/self/status has no ${field}; peak RSS needs Linux`);
  return Number(match[1]);
}

function main(): void {
  const [file, rowsArg, colsArg] = process.argv.slice(2);
  if (file === undefined || rowsArg === undefined || colsArg === undefined) {
    throw new Error('usage: node --import tsx bench/measure-peak-rss.ts FILE ROWS COLS');
  }
  const bytes = readFileSync(file);
  // A Float64Array view needs 8-byte alignment; copy only in the rare case the Buffer lacks it.
  const gains =
    bytes.byteOffset % 8 === 0
      ? new Float64Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 8)
      : new Float64Array(Uint8Array.from(bytes).buffer);
  const problem = { rows: Number(rowsArg), cols: Number(colsArg), gains, rowsMayStayUnmatched: false };
  let reset = true;
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    reset = false;
  }
  const beforeKb = reset ? statusKb('VmRSS') : statusKb('VmHWM');
  const out = solveShortestPath(problem);
  const peakKb = statusKb('VmHWM');
  if (out.status !== 'optimal') throw new Error(`solve ended ${out.status}`);
  const result: PeakRss = { beforeKb, peakKb, reset };
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main();
