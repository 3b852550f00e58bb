/**
 * The instance's place in a rolling deploy. SIGTERM (server.ts) turns it `draining`: readiness
 * answers 503 so the load balancer stops sending new requests, the instance keeps serving what
 * still arrives for SHUTDOWN_GRACE_SECONDS, then stops accepting and finishes what is in flight.
 */
export interface Lifecycle {
  readonly draining: boolean;
  drain(): void;
}

export function createLifecycle(): Lifecycle {
  let draining = false;
  return {
    get draining() {
      return draining;
    },
    drain() {
      draining = true;
    },
  };
}
