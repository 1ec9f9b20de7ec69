import { connect } from 'node:net';

/**
 * True when nothing accepts connections on host:port. Used before starting a
 * server of ours, so a slow server already there is waited for instead of being
 * mistaken for ours (a second server on a taken port exits at once, while
 * readiness probes would reach the first one).
 */
export function portIsFree(host: string, port: number, timeoutMs = 1_000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (free: boolean) => {
      socket.destroy();
      resolve(free);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(false));
    socket.once('error', (e: NodeJS.ErrnoException) => done(e.code === 'ECONNREFUSED'));
  });
}
