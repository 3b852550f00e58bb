import Fastify, { type FastifyInstance } from 'fastify';

/** Placeholder until the emulator lands (issue 2): the contract other packages build against. */
export interface EmulatorOptions {
  /** SQLite file; omitted or ':memory:' = in-memory. */
  dbPath?: string;
  /** Root AccessKey pair; generated (and stored) when omitted. */
  rootCredentials?: { accessKeyId: string; accessKeySecret: string };
  /** Clock for tests. */
  now?: () => Date;
  logger?: boolean;
}

export interface EmulatorHandle {
  rootCredentials: { accessKeyId: string; accessKeySecret: string };
  generatedRootCredentials: boolean;
  accountId: string;
}

export async function buildEmulator(options: EmulatorOptions = {}): Promise<FastifyInstance> {
  const app = Fastify({ logger: options.logger ?? false });
  return app;
}
