import { keepPreviousData, useQuery, useQueryClient } from "@tanstack/react-query";
import { createContext, useContext, useEffect } from "react";
import { client, type Status } from "./client.ts";

/** Bumps whenever the core's cache or outbox changed: every cache query is keyed by it. */
export const DataVersion = createContext(0);

/** Subscribes to the core's status pushes: IPC in Electron, server-sent events in the harness. */
function subscribeStatus(listener: (status: Status) => void): () => void {
  if (window.traveler) return window.traveler.onStatus((s) => listener(s as Status));
  const source = new EventSource("/events");
  source.onmessage = (event) => listener(JSON.parse(event.data as string) as Status);
  return () => source.close();
}

/** Keeps the status query current from the core's pushes; the app calls this once. */
export function useStatusPushes(): void {
  const queryClient = useQueryClient();
  useEffect(
    () => subscribeStatus((status) => queryClient.setQueryData(["status"], status)),
    [queryClient],
  );
}

/** The core's status: read once, then kept current by pushes (no polling). */
export function useStatus() {
  return useQuery({
    queryKey: ["status"],
    queryFn: () => client.status.query(),
    staleTime: Number.POSITIVE_INFINITY,
  });
}

/** A cache read that refetches when the data version moves, keeping old rows while it does. */
export function useCacheQuery<T>(key: unknown[], fn: () => Promise<T>) {
  const version = useContext(DataVersion);
  return useQuery({ queryKey: [...key, version], queryFn: fn, placeholderData: keepPreviousData });
}
