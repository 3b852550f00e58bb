/**
 * Child processes that must not outlive the process that started them: the test suites' servers
 * and the bench's (apps/api/test, bench/cluster.ts, bench/lib.ts).
 */
import type { ChildProcess } from 'node:child_process';

const running = new Set<ChildProcess>();
// A test that times out (or a bench that throws) leaves its server process behind; the test
// file's worker (or the bench) ends soon after, and takes every process it started with it.
process.on('exit', () => {
  for (const c of running) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
});

/** Kill `child` when this process exits, if it is still running then. */
export function killOnExit<T extends ChildProcess>(child: T): T {
  running.add(child);
  child.once('exit', () => running.delete(child));
  return child;
}
