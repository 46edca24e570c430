/**
 * A binary min-heap kept in two parallel typed arrays (keys and integer
 * values), as plain functions so the hot loops that use it allocate nothing.
 */

/** Places (key, value) at hole `c` and moves it up until its parent is not larger. */
export function siftUp(keys: Float64Array, values: Int32Array, c: number, key: number, value: number): void {
  while (c > 0) {
    const parent = (c - 1) >> 1;
    if ((keys[parent] as number) <= key) break;
    keys[c] = keys[parent] as number;
    values[c] = values[parent] as number;
    c = parent;
  }
  keys[c] = key;
  values[c] = value;
}

/** Places (key, value) at the root hole of a heap of `size` and moves it down until no child is smaller. */
export function siftDown(keys: Float64Array, values: Int32Array, size: number, key: number, value: number): void {
  let c = 0;
  for (;;) {
    const l = 2 * c + 1;
    if (l >= size) break;
    const r = l + 1;
    const child = r < size && (keys[r] as number) < (keys[l] as number) ? r : l;
    if ((keys[child] as number) >= key) break;
    keys[c] = keys[child] as number;
    values[c] = values[child] as number;
    c = child;
  }
  keys[c] = key;
  values[c] = value;
}
