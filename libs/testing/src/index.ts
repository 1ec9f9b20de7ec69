export { testRunId, uniqueSuffix } from './run-id';
export { stackEnv, StackNotAvailable, type StackEnv } from './stack-env';
export {
  createIsolatedDatabase,
  dropRunDatabases,
  testDatabasePrefix,
  type IsolatedDatabase,
} from './database';
export { isolatedNatsPrefix, isolatedTaskQueue } from './names';
export { serveCommand, type ServedCommand, type ServedCall } from './responder';
