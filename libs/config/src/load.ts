import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { variables, type Config, type VariableName } from './variables';

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; problem: string }[]) {
    super(
      'The configuration is not valid:\n' +
        problems.map((p) => `  - ${p.variable}: ${p.problem}`).join('\n') +
        '\nFix these variables in the environment or in .env (see .env.example).',
    );
    this.name = 'ConfigError';
  }
}

/** The repository root: where package.json with the workspace lives. */
export function repoRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 8; i++) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    dir = resolve(dir, '..');
  }
  return process.cwd();
}

/**
 * Reads `.env` from the repository root if present. Variables already set in the
 * environment win, so a shell export always overrides the file.
 */
export function readDotEnv(file = join(repoRoot(), '.env')): Record<string, string> {
  if (!existsSync(file)) return {};
  return parseEnv(readFileSync(file, 'utf8')) as Record<string, string>;
}

/**
 * Validates every variable at once and reports all problems together, one line
 * per variable, so a misconfigured start fails once with the full list.
 */
export function loadConfig(env: NodeJS.ProcessEnv = { ...readDotEnv(), ...process.env }): Config {
  const out: Record<string, unknown> = {};
  const problems: { variable: string; problem: string }[] = [];
  for (const [key, spec] of Object.entries(variables)) {
    const raw = env[key];
    const value = raw === undefined || raw === '' ? undefined : raw;
    const parsed = spec.schema.safeParse(value);
    if (parsed.success) {
      out[key] = parsed.data;
    } else {
      const shown =
        value === undefined ? 'unset' : `"${value.length > 60 ? value.slice(0, 57) + '...' : value}"`;
      problems.push({
        variable: key,
        problem: `${parsed.error.issues[0]?.message ?? 'invalid'} (got ${shown})`,
      });
    }
  }
  if (problems.length) throw new ConfigError(problems);
  const config = out as Config;
  if (config.NODE_ENV === 'production' && !config.AUTH_SECRET) {
    throw new ConfigError([{ variable: 'AUTH_SECRET', problem: 'is required when NODE_ENV=production' }]);
  }
  if (config.NODE_ENV === 'production' && config.OUTBOUND_ALLOW_PRIVATE_NETWORKS.length) {
    throw new ConfigError([
      {
        variable: 'OUTBOUND_ALLOW_PRIVATE_NETWORKS',
        problem: 'is for development and tests only; production never calls private addresses',
      },
    ]);
  }
  return config;
}

/** Data folder, absolute. */
export function dataDir(config: Pick<Config, 'DATA_DIR'>): string {
  return resolve(repoRoot(), config.DATA_DIR ?? '.data');
}

/** Whether the operator named this variable explicitly (env or .env), as opposed to relying on the default. */
export function isExplicit(
  name: VariableName,
  env: NodeJS.ProcessEnv = { ...readDotEnv(), ...process.env },
): boolean {
  return env[name] !== undefined && env[name] !== '';
}
