import type { ApiError } from '@ram-console/contracts';

// Literal copies of the contracts' CSRF_HEADER and VERIFICATION_TICKET_HEADER (a unit test pins
// them): importing the contracts here would put all of zod in the initial bundle.
export const CSRF_HEADER = 'x-csrf-token';
export const VERIFICATION_TICKET_HEADER = 'x-verification-ticket';

/** A structural check of the ApiError body, without zod for the same reason. */
export function asApiError(raw: unknown): ApiError | null {
  if (typeof raw !== 'object' || raw === null) return null;
  const r = raw as Record<string, unknown>;
  if (typeof r.code !== 'string' || typeof r.message !== 'string') return null;
  return {
    code: r.code,
    message: r.message,
    requestId: typeof r.requestId === 'string' ? r.requestId : '',
    ...(typeof r.details === 'object' && r.details !== null && !Array.isArray(r.details)
      ? { details: r.details as Record<string, unknown> }
      : {}),
    ...(typeof r.ramRequestId === 'string' ? { ramRequestId: r.ramRequestId } : {}),
    ...(Array.isArray(r.issues) ? { issues: r.issues as ApiError['issues'] } : {}),
    ...(Array.isArray(r.orphanAccessKeyIds)
      ? { orphanAccessKeyIds: r.orphanAccessKeyIds.filter((x) => typeof x === 'string') }
      : {}),
  };
}

/** An error the console API answered with, parsed from its `ApiError` body. */
export class ApiRequestError extends Error {
  readonly status: number;
  readonly body: ApiError;
  constructor(status: number, body: ApiError) {
    super(body.message);
    this.name = 'ApiRequestError';
    this.status = status;
    this.body = body;
  }
  get code(): string {
    return this.body.code;
  }
}

// The CSRF token comes from GET /api/auth/me; every state-changing request sends it back.
let csrfToken: string | null = null;
export function setCsrfToken(token: string | null): void {
  csrfToken = token;
}

type Listener = () => void;
const unauthenticatedListeners = new Set<Listener>();
/** Called when any request answers 401, so the shell can send the operator to sign-in. */
export function onUnauthenticated(listener: Listener): () => void {
  unauthenticatedListeners.add(listener);
  return () => unauthenticatedListeners.delete(listener);
}

/** What the client needs of a zod schema. */
export interface Parser<T> {
  parse(value: unknown): T;
}
/** For a caller that validates the body itself (see getMe). */
export const unparsed: Parser<unknown> = { parse: (value) => value };

export interface RequestOptions<T> {
  method?: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  body?: unknown;
  /** The zod schema of a successful response; omitted for empty (204) answers. */
  schema?: Parser<T>;
  /** A phone-verification ticket for the sensitive actions. */
  ticket?: string;
  query?: Record<string, string | number | undefined>;
}

function withQuery(path: string, query?: RequestOptions<unknown>['query']): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== '') params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

export function apiUrl(path: string, query?: RequestOptions<unknown>['query']): string {
  return withQuery(path, query);
}

/**
 * GET requests the page started before the app's code had loaded (public/early-requests.js, a
 * script of its own in index.html), by URL: the first `api()` GET of the same URL takes the
 * answer instead of asking again, once, and only while fresh. They meet through a global (the two
 * scripts share no module), which this module takes over when the app loads and leaves `false`:
 * an early script that runs only after that asks nothing, so no answer from before the app's own
 * requests can be served after them. Any request that changes something (sign-in, sign-out…)
 * drops the answers not yet taken: they may describe the state before it.
 */
export const EARLY_FRESH_MS = 10_000;
export type EarlyGets = Map<string, { response: Promise<Response>; at: number }>;
type EarlyGlobal = { __ramConsoleEarlyGets?: EarlyGets | false };

const early: EarlyGets = (() => {
  const g = globalThis as EarlyGlobal;
  const gets = g.__ramConsoleEarlyGets || new Map();
  g.__ramConsoleEarlyGets = false;
  return gets;
})();

function takeEarly(url: string): Promise<Response> | undefined {
  const entry = early.get(url);
  if (!entry) return undefined;
  early.delete(url);
  return Date.now() - entry.at <= EARLY_FRESH_MS ? entry.response : undefined;
}

/** The one way the console talks to its API. */
export async function api<T = void>(path: string, options: RequestOptions<T> = {}): Promise<T> {
  const method = options.method ?? 'GET';
  const headers: Record<string, string> = { accept: 'application/json' };
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers[CSRF_HEADER] = csrfToken;
  if (options.ticket) headers[VERIFICATION_TICKET_HEADER] = options.ticket;

  const url = withQuery(path, options.query);
  if (method !== 'GET') early.clear();
  const started = method === 'GET' ? takeEarly(url) : undefined;
  let response: Response;
  try {
    response = await (started ??
      fetch(url, {
        method,
        headers,
        credentials: 'same-origin',
        body: options.body === undefined ? undefined : JSON.stringify(options.body),
      }));
  } catch {
    throw new ApiRequestError(0, {
      code: 'NetworkError',
      message: 'The console API could not be reached.',
      requestId: '',
    });
  }

  if (!response.ok) {
    const raw: unknown = await response.json().catch(() => null);
    const body: ApiError = asApiError(raw) ?? {
      code: 'HttpError',
      message: `The console API answered ${response.status}.`,
      requestId: response.headers.get('x-request-id') ?? '',
    };
    if (response.status === 401) unauthenticatedListeners.forEach((l) => l());
    throw new ApiRequestError(response.status, body);
  }
  if (!options.schema || response.status === 204) return undefined as T;
  return options.schema.parse(await response.json());
}
