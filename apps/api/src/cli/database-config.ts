import { ConfigError, loadConfig, type Config } from '../config.js';

/**
 * The console's database settings (DATA_DIR, DATABASE_URL) for a command that starts no emulator
 * (backup, db:copy, migrate): a configuration error is printed and answered with null, which the
 * command turns into exit code 2.
 */
export function loadCliDatabaseConfig(): Config | null {
  try {
    return loadConfig({
      DATA_DIR: process.env.DATA_DIR,
      DATABASE_URL: process.env.DATABASE_URL,
      // These commands start no emulator, so DATABASE_URL with the embedded default is fine.
      ALLOW_EMBEDDED_WITH_DATABASE_URL: 'true',
    });
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      return null;
    }
    throw err;
  }
}
