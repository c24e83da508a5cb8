/**
 * `contourLines`: iso-lines of a function sampled on a regular grid, by marching squares — the
 * contour lines under `optimizerPathsPlot`. Plain numbers in, polylines out: no tensors, no vega.
 */

/** Values of f on a regular grid: `values[j][i] = f(xs[i], ys[j])` (row j is one y). */
export interface Grid {
  xs: readonly number[];
  ys: readonly number[];
  values: readonly (readonly number[])[];
}

/** One iso-line: consecutive points joined by straight segments (closed when first = last). */
export type Polyline = { x: number; y: number }[];

/**
 * The edges a segment crosses, per marching-squares case. Corners are numbered bl = 1, br = 2,
 * tr = 4, tl = 8 (bit set = value above the level); edges are B(ottom), R(ight), T(op), L(eft).
 * The saddles 5 and 10 have two readings; `SADDLE_JOINED` is used when the cell's centre is above
 * the level too (the two high corners are joined through the middle).
 */
type Edge = 'B' | 'R' | 'T' | 'L';
const CASES: readonly (readonly [Edge, Edge][])[] = [
  [], [['L', 'B']], [['B', 'R']], [['L', 'R']], [['R', 'T']], [['L', 'B'], ['R', 'T']], [['B', 'T']], [['L', 'T']],
  [['T', 'L']], [['B', 'T']], [['B', 'R'], ['T', 'L']], [['R', 'T']], [['L', 'R']], [['B', 'R']], [['L', 'B']], [],
];
const SADDLE_JOINED: Record<number, readonly [Edge, Edge][]> = { 5: [['L', 'T'], ['B', 'R']], 10: [['L', 'B'], ['R', 'T']] };

/**
 * The iso-lines `f = level` of a sampled function, as polylines in (x, y) coordinates.
 *
 * Each grid cell whose four corners are finite is cut by straight segments whose end points are
 * linearly interpolated along the cell's edges; segments that share an edge point are chained into
 * polylines, so a closed contour comes back as one closed polyline (first point = last point).
 * A cell with a non-finite corner (the function overflowed there) is left out: its lines stop at it.
 * A corner counts as above the level when its value is > level; consecutive equal points (a level
 * passing exactly through a grid point) are merged.
 *
 * @returns new arrays owned by the caller; empty when the level is not crossed on the grid.
 * @example contourLines({ xs: [0, 1], ys: [0, 1], values: [[0, 1], [1, 2]] }, 0.5)
 */
export function contourLines(grid: Grid, level: number): Polyline[] {
  const { xs, ys, values } = grid;
  // Segments, each as two edge-point keys; a key names the grid edge the point lies on.
  const points = new Map<string, { x: number; y: number }>();
  const segments: [string, string][] = [];

  const pointOn = (i: number, j: number, edge: Edge): string => {
    // The edge as its two corner indices (i0, j0) → (i1, j1); keys are shared by neighbouring cells.
    const [i0, j0, i1, j1] =
      edge === 'B' ? [i, j, i + 1, j] : edge === 'T' ? [i, j + 1, i + 1, j + 1] : edge === 'L' ? [i, j, i, j + 1] : [i + 1, j, i + 1, j + 1];
    const key = `${i0},${j0},${i1},${j1}`;
    if (!points.has(key)) {
      const [v0, v1] = [values[j0][i0], values[j1][i1]];
      const t = (level - v0) / (v1 - v0); // v0 and v1 lie on opposite sides of the level, so v1 ≠ v0
      points.set(key, { x: xs[i0] + t * (xs[i1] - xs[i0]), y: ys[j0] + t * (ys[j1] - ys[j0]) });
    }
    return key;
  };

  for (let j = 0; j + 1 < ys.length; j++) {
    for (let i = 0; i + 1 < xs.length; i++) {
      const [bl, br, tr, tl] = [values[j][i], values[j][i + 1], values[j + 1][i + 1], values[j + 1][i]];
      if (![bl, br, tr, tl].every(Number.isFinite)) continue;
      const index = (bl > level ? 1 : 0) | (br > level ? 2 : 0) | (tr > level ? 4 : 0) | (tl > level ? 8 : 0);
      const centreAbove = (bl + br + tr + tl) / 4 > level;
      const cuts = (index === 5 || index === 10) && centreAbove ? SADDLE_JOINED[index] : CASES[index];
      for (const [a, b] of cuts) segments.push([pointOn(i, j, a), pointOn(i, j, b)]);
    }
  }
  return chain(segments).map((keys) => {
    const line: Polyline = [];
    for (const key of keys) {
      const p = points.get(key)!;
      const last = line[line.length - 1];
      // A level through a grid point puts two edge points there: keep one.
      if (last === undefined || last.x !== p.x || last.y !== p.y) line.push({ ...p });
    }
    return line;
  });
}

/** Joins segments that share an end point into the longest chains (each edge point joins ≤ 2 segments). */
function chain(segments: readonly [string, string][]): string[][] {
  const at = new Map<string, number[]>();
  segments.forEach(([a, b], s) => {
    for (const key of [a, b]) at.set(key, [...(at.get(key) ?? []), s]);
  });
  const used = new Uint8Array(segments.length);
  const next = (key: string): number | undefined => at.get(key)!.find((s) => used[s] === 0);
  const lines: string[][] = [];
  for (let s = 0; s < segments.length; s++) {
    if (used[s]) continue;
    used[s] = 1;
    const line = [...segments[s]];
    // Grow forwards from the last point, then backwards from the first.
    for (const forwards of [true, false]) {
      for (;;) {
        const end = forwards ? line[line.length - 1] : line[0];
        const t = next(end);
        if (t === undefined) break;
        used[t] = 1;
        const [a, b] = segments[t];
        const other = a === end ? b : a;
        if (forwards) line.push(other);
        else line.unshift(other);
      }
    }
    lines.push(line);
  }
  return lines;
}
