// Bundles the workflow code for Temporal's sandbox. Runs in Node (build target,
// worker start-up, tests), never inside the sandbox.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { repoRoot } from '@tatalaman/config';

const root = repoRoot();
export const BUILT_BUNDLE = join(root, 'dist', 'workflows', 'sop-run.bundle.js');

/**
 * Temporal's bundler does not read tsconfig paths (sdk-typescript#1540 and
 * friends), so the aliases the workflow code uses are given to webpack here,
 * from the same tsconfig the compiler reads.
 */
function aliases(): Record<string, string> {
  const tsconfig = JSON.parse(readFileSync(join(root, 'tsconfig.base.json'), 'utf8')) as {
    compilerOptions: { paths: Record<string, string[]> };
  };
  const out: Record<string, string> = {};
  for (const [pattern, [target]] of Object.entries(tsconfig.compilerOptions.paths)) {
    if (pattern.endsWith('/*')) continue;
    out[`${pattern}$`] = join(root, target!);
  }
  // The workflow code imports libs only through explicit entries or `@tatalaman/<lib>`.
  for (const lib of ['working-time']) out[`@tatalaman/${lib}$`] = join(root, 'libs', lib, 'src', 'index.ts');
  return out;
}

export function workflowsPath(): string {
  return join(root, 'workflows', 'src', 'index.ts');
}

export async function bundleWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath: workflowsPath(),
    webpackConfigHook: (config) => {
      config.resolve = { ...config.resolve, alias: { ...(config.resolve?.alias as object), ...aliases() } };
      return config;
    },
    logger: {
      trace() {},
      debug() {},
      info() {},
      warn: console.warn,
      error: console.error,
      log() {},
    } as never,
  });
}

/** The prebuilt bundle when the build made one, else a fresh bundle. */
export async function loadWorkflowBundle(): Promise<{ code: string }> {
  const built = join(root, 'dist', 'workflows', 'sop-run.bundle.js');
  if (existsSync(built) && process.env.NODE_ENV === 'production')
    return { code: readFileSync(built, 'utf8') };
  return bundleWorkflows();
}
