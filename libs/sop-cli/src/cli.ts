// Entry point of `npm run sop -- <verb> FILE`. Keeps Node's own failure output
// (stack traces) away from office admins even if something escapes runSop.
import { runSop } from './main';

process.on('uncaughtException', (e) => {
  process.stderr.write(
    `Kesalahan internal / internal error: ${e instanceof Error ? e.message : String(e)}\n`,
  );
  process.exit(1);
});

process.exitCode = runSop(process.argv.slice(2));
