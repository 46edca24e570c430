"""Times scipy's linear_sum_assignment on a raw float64 gain matrix.

Usage: python3 bench/scipy_lsa.py MATRIX_FILE ROWS COLS REPEATS [CAPACITY]

MATRIX_FILE holds ROWS*COLS little-endian float64 gains, row-major (a
Float64Array's buffer, as bench/compare-solvers.ts writes it). With CAPACITY
above 1, every column is repeated CAPACITY times (np.repeat, before timing):
a capacity problem as the plain assignment problem scipy solves. Only the call
linear_sum_assignment(C, maximize=True) is timed (time.perf_counter); reading
the file and starting Python are not. Prints one JSON line:
{"times_ms": [...], "objective": <sum of the chosen gains>}.
"""
import json
import sys
import time

import numpy as np
from scipy.optimize import linear_sum_assignment


def main() -> None:
    path, rows, cols, repeats = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
    capacity = int(sys.argv[5]) if len(sys.argv) > 5 else 1
    gains = np.fromfile(path, dtype="<f8").reshape(rows, cols)
    if capacity > 1:
        gains = np.repeat(gains, capacity, axis=1)
    times_ms = []
    objective = 0.0
    for _ in range(repeats):
        start = time.perf_counter()
        row_ind, col_ind = linear_sum_assignment(gains, maximize=True)
        times_ms.append((time.perf_counter() - start) * 1000.0)
        objective = float(gains[row_ind, col_ind].sum())
    print(json.dumps({"times_ms": times_ms, "objective": objective}))


if __name__ == "__main__":
    main()
