export { buildEmulator } from './app.js';
export type { EmulatorOptions, EmulatorHandle } from './app.js';
export type { Fault, FaultKind } from './faults.js';
