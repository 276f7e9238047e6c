// @ts-check
import { createServer } from 'node:net';

/**
 * A loopback port that was free a moment ago, for a process started next (the OS picks it;
 * a race with another process taking it first is possible but not worth more machinery here).
 * @returns {Promise<number>}
 */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
