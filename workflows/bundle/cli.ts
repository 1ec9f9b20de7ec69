// `nx build workflows` step: writes the workflow bundle the worker loads in production.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { bundleWorkflows } from './bundle';

async function main() {
  const out = process.argv[2];
  if (!out) throw new Error('usage: cli.ts OUTPUT_FILE');
  const bundle = await bundleWorkflows();
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, bundle.code);
  console.log(`workflow bundle: ${out} (${Math.round(bundle.code.length / 1024)} KiB)`);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
