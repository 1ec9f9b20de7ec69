/** Retry delay of one work item after `attempts` failures: 2 s, 10 s, 30 s, 2 min, 5 min, then 15 min. */
export function backoffSeconds(attempts: number): number {
  const steps = [2, 10, 30, 120, 300];
  return steps[attempts - 1] ?? 900;
}
