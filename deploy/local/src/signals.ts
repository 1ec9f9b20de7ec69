/**
 * Resolves on the first Ctrl-C / SIGTERM. A second one exits at once, for the
 * impatient, after saying that cleanup was skipped.
 */
export function untilSignal(onFirst?: (signal: NodeJS.Signals) => void): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    let received = false;
    const handler = (signal: NodeJS.Signals) => {
      if (received) {
        process.stderr.write('\nSecond interrupt: exiting without waiting for clean shutdown.\n');
        process.exit(130);
      }
      received = true;
      onFirst?.(signal);
      resolve(signal);
    };
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
  });
}
