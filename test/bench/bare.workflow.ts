// The baseline of the runtime benchmark: a workflow that only accepts N updates
// and ends, with nothing of the SOP interpreter. Bundled on its own.
import { condition, defineUpdate, setHandler } from '@temporalio/workflow';

export const stepUpdate = defineUpdate<number, [string]>('step');

export async function bareRun(updates: number): Promise<number> {
  const seen = new Set<string>();
  setHandler(stepUpdate, (key) => {
    seen.add(key);
    return seen.size;
  });
  await condition(() => seen.size >= updates);
  return seen.size;
}
