import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { bringUpStack } from '../stack';
import { createLog } from '../log';
import { StackError } from '../stack-error';
import { nodeBin, root } from '../workspace';

/** `npm run bench -- <name>`: brings the stack up and runs test/bench/<name>.bench.ts against it. */
export async function bench(args: string[]): Promise<number> {
  const dir = join(root, 'test', 'bench');
  const available = existsSync(dir)
    ? readdirSync(dir)
        .filter((f) => f.endsWith('.bench.ts'))
        .map((f) => f.replace(/\.bench\.ts$/, ''))
    : [];
  const [name, ...rest] = args;
  if (!name || !available.includes(name)) {
    throw new StackError(
      `Name a benchmark: npm run bench -- <name>. Available: ${available.join(', ') || 'none'}.`,
    );
  }
  const log = createLog();
  const stack = await bringUpStack(log);
  try {
    return await new Promise<number>((resolve) => {
      const child = spawn(nodeBin, ['-r', '@swc-node/register', join(dir, `${name}.bench.ts`), ...rest], {
        cwd: root,
        env: { ...process.env, ...stack.env, SWC_NODE_PROJECT: join(root, 'tsconfig.json') },
        stdio: 'inherit',
      });
      child.on('close', (code) => resolve(code ?? 1));
    });
  } finally {
    await stack.stop();
  }
}
