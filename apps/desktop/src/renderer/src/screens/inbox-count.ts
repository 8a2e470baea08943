import { useQuery } from "@tanstack/react-query";
import { client } from "../client.ts";

/** Unread customer messages for the navigation ("Inbox (3)"), refreshed with the cache. */
export function useInboxUnread(dataVersion: number | undefined, signedIn: boolean): number {
  const inbox = useQuery({
    queryKey: ["inbox-unread", dataVersion],
    queryFn: () => client.messages.inbox.query(),
    enabled: signedIn,
  });
  return inbox.data?.unreadTotal ?? 0;
}
