import { expect } from '@playwright/test';
import type { ConsoleServer } from './console-server';

/** The embedded emulator's address, from the line the console API prints after it listens. */
export async function emulatorUrlOf(server: ConsoleServer): Promise<string> {
  let url: string | undefined;
  await expect
    .poll(
      () =>
        (url = /RAM: embedded emulator at (http:\/\/127\.0\.0\.1:\d+)/.exec(server.output())?.[1]),
    )
    .toBeTruthy();
  return url!;
}

/** Plans RAM failures through the emulator's test hook (`/__emulator/faults`). */
export async function planFault(
  server: ConsoleServer,
  fault: {
    action: string;
    kind: 'delay' | 'status500' | 'status503' | 'dropAfterCommit';
    count?: number;
    delayMs?: number;
  },
) {
  const res = await fetch(new URL('/__emulator/faults', await emulatorUrlOf(server)), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ count: 1, ...fault }),
  });
  expect(res.ok, await res.text()).toBeTruthy();
}

export async function clearFaults(server: ConsoleServer) {
  await fetch(new URL('/__emulator/faults', await emulatorUrlOf(server)), { method: 'DELETE' });
}
