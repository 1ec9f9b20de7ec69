/**
 * Where the running stack is. `npm test` exports these after bringing the stack
 * up; a developer running one project's tests by hand can export them too (or
 * run `npm run stack -- env` to print them).
 */
export interface StackEnv {
  databaseUrl: string;
  natsUrl: string;
  temporalAddress: string;
  temporalNamespace: string;
}

export class StackNotAvailable extends Error {}

export function stackEnv(): StackEnv {
  const missing = ['DATABASE_URL', 'NATS_URL', 'TEMPORAL_ADDRESS'].filter((k) => !process.env[k]);
  if (missing.length) {
    throw new StackNotAvailable(
      `This test needs the running stack but ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} not set. ` +
        'Run it through `npm test`, or start the stack with `npm run stack -- up` and export what `npm run stack -- env` prints.',
    );
  }
  return {
    databaseUrl: process.env.DATABASE_URL!,
    natsUrl: process.env.NATS_URL!,
    temporalAddress: process.env.TEMPORAL_ADDRESS!,
    temporalNamespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
  };
}
