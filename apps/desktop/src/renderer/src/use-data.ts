import { keepPreviousData, useQuery } from "@tanstack/react-query";
import { createContext, useContext } from "react";
import { client } from "./client.ts";

/** Bumps whenever the core's cache or outbox changed: every cache query is keyed by it. */
export const DataVersion = createContext(0);

export function useStatus() {
  return useQuery({
    queryKey: ["status"],
    queryFn: () => client.status.query(),
    refetchInterval: 700,
  });
}

/** A cache read that refetches when the data version moves, keeping old rows while it does. */
export function useCacheQuery<T>(key: unknown[], fn: () => Promise<T>) {
  const version = useContext(DataVersion);
  return useQuery({ queryKey: [...key, version], queryFn: fn, placeholderData: keepPreviousData });
}
