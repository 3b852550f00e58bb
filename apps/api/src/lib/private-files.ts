import { chmodSync, closeSync, existsSync, mkdirSync, openSync, statSync } from 'node:fs';

/**
 * DATA_DIR holds the console's database (sessions, audit trail) and, in embedded mode, the
 * emulator's, which stores every AccessKey secret it issued: only the console's own user may read
 * it. Creates the folder 0700, or tightens one we own that others could read.
 */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  tighten(dir, 0o700);
}

/** Creates the file 0600 (SQLite gives its -wal and -shm files the same mode), or tightens it. */
export function ensurePrivateFile(file: string): void {
  closeSync(openSync(file, 'a', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) tighten(f, 0o600);
}

function tighten(path: string, mode: number): void {
  const st = statSync(path);
  // Only what this process owns (and not on Windows, which has no uid).
  if (process.getuid && st.uid === process.getuid() && (st.mode & 0o777) !== mode) {
    chmodSync(path, mode);
  }
}
