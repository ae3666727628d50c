// `tokenward revocation serve` from the installed package, as a child
// process: started, killed (SIGKILL: a crash, nothing flushed on the way
// out) and started again on the same journal and port.
import { spawn } from 'node:child_process';

/**
 * Starts the receiver; resolves once it printed its listening line.
 * @returns {Promise<{ origin: string, port: number, child, output: () => string, kill: () => Promise<void> }>}
 */
export function startReceiver(bin, args, { timeoutMs = 20_000 } = {}) {
  const child = spawn(bin, ['revocation', 'serve', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk) => {
    output += chunk;
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`receiver did not start within ${timeoutMs} ms:\n${output}`));
    }, timeoutMs);
    child.once('exit', (status) => {
      clearTimeout(timer);
      reject(new Error(`receiver exited (${status}) before listening:\n${output}`));
    });
    child.stdout.on('data', () => {
      const match = /listening on (http:\/\/[^\s]+:(\d+))/.exec(output);
      if (match === null) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      resolve({
        origin: match[1],
        port: Number(match[2]),
        child,
        output: () => output,
        kill: () =>
          new Promise((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            child.once('exit', () => done());
            child.kill('SIGKILL');
          }),
      });
    });
  });
}
