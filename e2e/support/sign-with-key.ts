import * as RamModule from '@alicloud/ram20150501';
import * as OpenApiModule from '@alicloud/openapi-core';

// The @alicloud SDKs are CommonJS compiled from TypeScript: depending on who loads them (Node's
// ESM loader or Playwright's transform) the client class is `default` or `default.default`.
type Ctor<T> = new (...args: never[]) => T;
const pick = <T>(mod: unknown, name: string): Ctor<T> => {
  const m = mod as Record<string, unknown>;
  const d = m.default as Record<string, unknown> | undefined;
  const found = (name === 'default' ? (d?.default ?? d) : (m[name] ?? d?.[name])) as Ctor<T>;
  if (typeof found !== 'function') throw new Error(`@alicloud: no ${name}`);
  return found;
};

interface RamLike {
  listUsers(req: unknown): Promise<unknown>;
}

/**
 * Signs one real RAM call (ListUsers, V3 signature) with the given AccessKey against the console's
 * embedded emulator, as an application switched to that key would. RAM records the key as used
 * even when the RAM user has no permission for the call, so a refusal is fine here.
 */
export async function signOneCallWith(
  emulatorUrl: string,
  key: { accessKeyId: string; accessKeySecret: string },
): Promise<void> {
  const Config = pick<object>(
    (OpenApiModule as unknown as { $OpenApiUtil?: unknown }).$OpenApiUtil ??
      (OpenApiModule as unknown as { default: { $OpenApiUtil: unknown } }).default.$OpenApiUtil,
    'Config',
  ) as unknown as new (o: Record<string, string>) => object;
  const Client = pick<RamLike>(RamModule, 'default') as unknown as new (c: object) => RamLike;
  const ListUsersRequest = pick<object>(RamModule, 'ListUsersRequest') as unknown as new (o: {
    maxItems: number;
  }) => object;
  const { host } = new URL(emulatorUrl);
  const client = new Client(
    new Config({
      accessKeyId: key.accessKeyId,
      accessKeySecret: key.accessKeySecret,
      endpoint: host,
      protocol: 'http',
    }),
  );
  try {
    await client.listUsers(new ListUsersRequest({ maxItems: 1 }));
  } catch (err) {
    // NoPermission is an answer from RAM (the key signed); anything else is a failure.
    const code = (err as { code?: string }).code;
    if (code !== 'NoPermission') throw err;
  }
}
