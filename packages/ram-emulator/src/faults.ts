/** Failure injection for the next N calls of one action (issue 3): the console must survive these. */
export const FAULT_KINDS = [
  'delay',
  'status500',
  'status503',
  'dropAfterCommit',
  'throttling',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface Fault {
  action: string;
  kind: FaultKind;
  count: number;
  delayMs: number;
}

export class FaultPlan {
  private readonly faults = new Map<string, Fault>();

  set(fault: Fault): void {
    this.faults.set(fault.action, { ...fault });
  }

  clear(): void {
    this.faults.clear();
  }

  list(): Fault[] {
    return [...this.faults.values()];
  }

  /** Consumes one planned failure for this action, if any. */
  take(action: string): Fault | undefined {
    if (this.faults.size === 0) return undefined;
    const fault = this.faults.get(action);
    if (!fault) return undefined;
    if (--fault.count <= 0) this.faults.delete(action);
    return fault;
  }
}

/** Validates a `POST /__emulator/faults` body; returns an error message or the fault. */
export function parseFault(body: unknown): Fault | string {
  if (!body || typeof body !== 'object') return 'body must be a JSON object';
  const b = body as Record<string, unknown>;
  if (typeof b.action !== 'string' || !/^[A-Za-z]+$/.test(b.action))
    return 'action must be an action name';
  if (!FAULT_KINDS.includes(b.kind as FaultKind))
    return `kind must be one of ${FAULT_KINDS.join(', ')}`;
  const count = b.count ?? 1;
  if (!Number.isInteger(count) || (count as number) < 1) return 'count must be a positive integer';
  const delayMs = b.delayMs ?? 1000;
  if (!Number.isInteger(delayMs) || (delayMs as number) < 0 || (delayMs as number) > 600_000) {
    return 'delayMs must be an integer from 0 to 600000';
  }
  return {
    action: b.action,
    kind: b.kind as FaultKind,
    count: count as number,
    delayMs: delayMs as number,
  };
}
