/** The top of a value axis: a round number at or above the largest value (1, 2, 5 × 10ⁿ). */
export function niceMax(max: number): number {
  if (!(max > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 2.5, 5, 10]) if (step * power >= max) return step * power;
  return 10 * power;
}

/** Evenly spaced ticks from 0 to `top`, `count` intervals. */
export function ticks(top: number, count = 4): number[] {
  return Array.from({ length: count + 1 }, (_, i) => (top * i) / count);
}

/** Maps a value in [0, top] to a pixel position in [from, to] (to may be smaller: SVG y grows down). */
export function scale(value: number, top: number, from: number, to: number): number {
  return from + ((to - from) * value) / (top || 1);
}

/** An SVG path through the points, broken where a value is missing (a month without timed steps). */
export function linePath(points: readonly ({ x: number; y: number } | null)[]): string {
  let d = '';
  let pen = false;
  for (const p of points) {
    if (!p) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${p.x.toFixed(1)},${p.y.toFixed(1)}`;
    pen = true;
  }
  return d;
}
