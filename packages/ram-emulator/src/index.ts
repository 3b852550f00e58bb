export { buildEmulator } from './app.js';
export type { EmulatorOptions, EmulatorHandle } from './app.js';
