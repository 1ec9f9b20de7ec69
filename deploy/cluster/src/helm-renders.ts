import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { root } from '../../local/src/workspace';
import { StackError } from '../../local/src/stack-error';
import { goTools } from './tools';

/**
 * The Helm chart rendered by the pinned helm and committed beside it, like the generated API
 * client: building helm from source takes a quarter of an hour on a new machine, so `npm test`
 * validates these renders (and that they belong to the chart as it is now: its digest is in
 * each file's first line) instead of building helm. `npm run cluster -- render-chart` lints
 * the chart (`helm lint --strict`) and writes them again after a change to the chart.
 */
export const CHART_DIR = 'deploy/helm/tatalaman';
export const RENDERS_DIR = 'deploy/helm/rendered';

/** The value sets the chart is rendered with (the test validates each). */
export const CHART_CASES: Record<string, string[]> = {
  defaults: [],
  ingress: ['ingress.enabled=true', 'ingress.className=nginx'],
  'no-edge': ['edge.enabled=false'],
};

const HEADER = /^# Rendered by helm (\S+) from (\S+) sha256:([0-9a-f]{64})/;

function chartFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

/** sha256 over every file of the chart (path and content), so any change to it shows. */
export function chartDigest(): string {
  const hash = createHash('sha256');
  const dir = join(root, CHART_DIR);
  for (const file of chartFiles(dir)) {
    hash.update(relative(dir, file) + '\0');
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

export const renderPath = (name: string) => join(RENDERS_DIR, `${name}.yaml`);

/** `helm template` of the chart with one case's values, as helm prints it. */
export function helmTemplate(helm: string, set: string[]): string {
  const out = spawnSync(
    helm,
    [
      'template',
      'kpu',
      join(root, CHART_DIR),
      '--namespace',
      'tatalaman',
      ...set.flatMap((s) => ['--set', s]),
    ],
    { encoding: 'utf8' },
  );
  if (out.status !== 0)
    throw new StackError(`helm template failed for --set ${set.join(' ')}:\n${out.stderr}`);
  return out.stdout;
}

/** Lints the chart strictly, then writes every case's render; returns the paths written. */
export function writeChartRenders(helm: string): string[] {
  const lint = spawnSync(helm, ['lint', '--strict', join(root, CHART_DIR)], { encoding: 'utf8' });
  if (lint.status !== 0 || !(lint.stdout + lint.stderr).includes('0 chart(s) failed')) {
    throw new StackError(
      `helm lint --strict refused ${CHART_DIR}; nothing was rendered.\n${lint.stdout}${lint.stderr}`,
    );
  }
  const digest = chartDigest();
  mkdirSync(join(root, RENDERS_DIR), { recursive: true });
  const written: string[] = [];
  for (const [name, set] of Object.entries(CHART_CASES)) {
    const header =
      `# Rendered by helm ${goTools.helm.version} from ${CHART_DIR} sha256:${digest}\n` +
      `# with ${set.length ? set.map((s) => `--set ${s}`).join(' ') : 'the default values'}; ` +
      'do not edit: `npm run cluster -- render-chart` writes it again.\n';
    writeFileSync(join(root, renderPath(name)), header + helmTemplate(helm, set));
    written.push(renderPath(name));
  }
  return written;
}

/** A committed render: the helm version and chart digest of its header, and helm's output. */
export function readChartRender(name: string): { helmVersion: string; digest: string; yaml: string } {
  const text = readFileSync(join(root, renderPath(name)), 'utf8');
  const header = HEADER.exec(text);
  if (!header || header[2] !== CHART_DIR) {
    throw new Error(`${renderPath(name)} has no render header; run \`npm run cluster -- render-chart\`.`);
  }
  return { helmVersion: header[1]!, digest: header[3]!, yaml: text.split('\n').slice(2).join('\n') };
}
