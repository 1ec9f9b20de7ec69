import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { renderEnvExample } from '@tatalaman/config';
import { bench } from './commands/bench';
import { env, up } from './commands/up';
import { start } from './commands/start';
import { test } from './commands/test';
import { exitWithFailure } from './stack-error';
import { root } from './workspace';

const usage = `Usage: npm run stack -- <verb>
  start         the whole platform (what \`npm start\` runs)
  test [args]   the stack, then every check and test (what \`npm test\` runs); args go to nx, e.g. -p config
  up            only Postgres, NATS and Temporal, until Ctrl-C
  env           export lines for the running stack (eval "$(npm run -s stack -- env)")
  bench NAME    run test/bench/NAME.bench.ts against the stack (what \`npm run bench\` runs)
  env-example   regenerate .env.example from the configuration schema`;

export async function main(argv: string[]): Promise<void> {
  const [verb = 'start', ...rest] = argv;
  try {
    let code: number;
    switch (verb) {
      case 'start':
        code = await start();
        break;
      case 'test':
        code = await test(rest);
        break;
      case 'up':
        code = await up();
        break;
      case 'env':
        code = await env();
        break;
      case 'bench':
        code = await bench(rest);
        break;
      case 'env-example':
        writeFileSync(join(root, '.env.example'), renderEnvExample());
        code = 0;
        break;
      default:
        process.stderr.write(usage + '\n');
        code = 2;
    }
    process.exit(code);
  } catch (error) {
    exitWithFailure(error, '.data/logs');
  }
}
