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
      false: httpBatchLink({ url: trpcUrl(conn.serverUrl), headers, maxItems: 10 }),
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
