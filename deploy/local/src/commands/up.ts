import { bringUpStack, readStackState, loadStackConfig } from '../stack';
import { createLog } from '../log';
import { untilSignal } from '../signals';
import { dataDir } from '@tatalaman/config';
import { StackError } from '../stack-error';

/** `npm run stack -- up`: only the servers, for running one project's tests by hand. */
export async function up(): Promise<number> {
  const log = createLog();
  const stack = await bringUpStack(log);
  log.info(
    'Stack is up. In another terminal: eval "$(npm run -s stack -- env)" then run any project\'s tests.',
  );
  for (const [k, v] of Object.entries(stack.env)) log.info(`  ${k}=${v}`);
  await untilSignal(() => log.info('Stopping the stack ...'));
  await stack.stop();
  log.info('Stopped.');
  return 0;
}

/** `npm run stack -- env`: export lines for the stack another command is running. */
export async function env(): Promise<number> {
  const { config } = loadStackConfig();
  const state = readStackState(dataDir(config));
  if (!state) {
    throw new StackError(
      'No stack is running from this folder. Start one with `npm start` or `npm run stack -- up`.',
    );
  }
  for (const [k, v] of Object.entries(state.env))
    process.stdout.write(`export ${k}='${v.replace(/'/g, "'\\''")}'\n`);
  return 0;
}
