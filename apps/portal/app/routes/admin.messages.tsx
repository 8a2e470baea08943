import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { GeneralErrorBoundary } from "../components/general-error-boundary.tsx";
import { StaffLive } from "../components/live-updates.tsx";
import { MessageInbox } from "../components/message-inbox.tsx";
import { apiFor } from "../lib/api.server.ts";
import { requireStaff } from "../lib/session.server.ts";

export const meta: MetaFunction = () => [{ title: "Messages · Shop staff" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requireStaff(request, context);
  const all = new URL(request.url).searchParams.get("all") === "1";
  const inbox = await apiFor(request, context, session).staff.messages.inbox({
    includeAnswered: all,
  });
  return { ...inbox, all };
}

export default function MessagesInboxPage() {
  const { threads, unreadTotal, all } = useLoaderData<typeof loader>();
  return (
    <>
      <div className="d-flex flex-wrap align-items-center gap-2 mb-3">
        <h1 className="h3 m-0 me-auto">Messages</h1>
        <Link to={all ? "/admin/messages" : "/admin/messages?all=1"}>
          {all ? "Only waiting conversations" : "Show answered conversations too"}
        </Link>
      </div>
      <StaffLive tables={["job_messages"]} />
      <p className="text-body-secondary">
        {unreadTotal === 1 ? "One unread message" : `${unreadTotal} unread messages`}. The
        longest-waiting conversation is first.
      </p>
      <MessageInbox threads={threads} />
    </>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
