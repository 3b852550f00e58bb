/**
 * P1, P4 and R7 share one set-up shaped like production's real mode: the emulator CLI in its own
 * process, the console API in another pointed at it (RAM_ENDPOINT + an explicit root pair), and
 * the bench process as the client. The bench can then call the emulator directly with the same
 * SDK and the same credentials the console uses.
 */
import {
  newRootPair,
  ramClient,
  RamSdk,
  signIn,
  startConsole,
  startEmulator,
  type Child,
  type ConsoleProcess,
  type RamClient,
} from './lib.js';

export interface RealSetup {
  emulator: Child;
  api: ConsoleProcess;
  /** The SDK, straight to the emulator, with the console's own root pair. */
  ram: RamClient;
  session: { cookie: string; csrf: string };
  /** A RAM user with two keys, the subject of the keys route. */
  userName: string;
  stop(): Promise<void>;
}

export async function startRealSetup(
  maxUsers: number,
  opts: { nodeArgs?: string[]; env?: Record<string, string> } = {},
): Promise<RealSetup> {
  const root = newRootPair();
  const emulator = await startEmulator(root, maxUsers);
  const api = await startConsole({ ram: { endpoint: emulator.url, ...root }, ...opts });
  const ram = ramClient(emulator.url, root);
  const userName = 'bench-user';
  await ram.createUser(new RamSdk.CreateUserRequest({ userName, displayName: 'Bench user' }));
  for (let i = 0; i < 2; i++) {
    await ram.createAccessKey(new RamSdk.CreateAccessKeyRequest({ userName }));
  }
  const session = await signIn(api.url);
  return {
    emulator,
    api,
    ram,
    session,
    userName,
    async stop() {
      await api.stop();
      await emulator.stop();
    },
  };
}
