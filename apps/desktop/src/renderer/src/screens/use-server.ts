import { useQuery } from "@tanstack/react-query";
import { client } from "../client.ts";

type ServerQueryPath = Parameters<typeof client.server.query.query>[0]["path"];

/** Online-only reads for admin screens (the server enforces roles). */
export function useServerQuery<T>(path: ServerQueryPath, input?: unknown) {
  return useQuery({
    queryKey: ["server", path, input],
    queryFn: async () => (await client.server.query.query({ path, input })) as T,
  });
}
