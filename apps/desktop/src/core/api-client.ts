import type { AppRouter } from "@traveler/api";
import {
  createTRPCClient,
  createTRPCUntypedClient,
  httpBatchLink,
  httpSubscriptionLink,
  splitLink,
  type TRPCLink,
} from "@trpc/client";
import { EventSource } from "eventsource";

export interface ApiConnection {
  serverUrl: string;
  /** The staff session token (Bearer); null before sign-in. */
  token(): string | null;
  /** Every request gives up after this long (default REQUEST_TIMEOUT_MS). */
  timeoutMs?: number;
}

/** A server that has not answered in this long is treated as not answering. */
export const REQUEST_TIMEOUT_MS = 10_000;

/** fetch with a deadline: a hung server fails the request instead of hanging the console. */
function fetchWithTimeout(ms: number): typeof fetch {
  return (input, init) => {
    const deadline = AbortSignal.timeout(ms);
    const signal = init?.signal ? AbortSignal.any([init.signal, deadline]) : deadline;
    return fetch(input, { ...init, signal });
  };
}

/** True when an error (or its cause) is a request that ran past its deadline. */
export function isTimeout(error: unknown): boolean {
  for (let e = error, depth = 0; e && depth < 5; depth++) {
    if ((e as { name?: string }).name === "TimeoutError") return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/** `https://shop.example/` -> `https://shop.example/api/trpc` (the portal mounts the API there). */
export function trpcUrl(serverUrl: string): string {
  return `${serverUrl.replace(/\/+$/, "")}/api/trpc`;
}

function links(conn: ApiConnection): TRPCLink<AppRouter>[] {
  const headers = (): Record<string, string> => {
    const token = conn.token();
    return token ? { authorization: `Bearer ${token}` } : {};
  };
  return [
    splitLink({
      condition: (op) => op.type === "subscription",
      true: httpSubscriptionLink({
        url: trpcUrl(conn.serverUrl),
        EventSource,
        eventSourceOptions: () => ({
          fetch: (input, init) =>
            fetch(input, { ...init, headers: { ...(init?.headers ?? {}), ...headers() } }),
        }),
      }),
      false: httpBatchLink({
        url: trpcUrl(conn.serverUrl),
        headers,
        maxItems: 10,
        fetch: fetchWithTimeout(conn.timeoutMs ?? REQUEST_TIMEOUT_MS),
      }),
    }),
  ];
}

/** Typed client for auth + sync (the console's own reads and the change stream). */
export function createApiClient(conn: ApiConnection) {
  return createTRPCClient<AppRouter>({ links: links(conn) });
}
export type ApiClient = ReturnType<typeof createApiClient>;

/** Path-addressed client: the outbox stores procedure names and replays them later. */
export function createUntypedApiClient(conn: ApiConnection) {
  return createTRPCUntypedClient<AppRouter>({ links: links(conn) });
}
export type UntypedApiClient = ReturnType<typeof createUntypedApiClient>;
