import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { emailSigningKey, listDevMail } from "@traveler/api/server";
import { GeneralErrorBoundary } from "../components/general-error-boundary.tsx";
import { requireDevMail } from "./dev.mail.server.ts";

export const meta: MetaFunction = () => [
  { title: "Outgoing mail (development) · Customer portal" },
  { name: "robots", content: "noindex" },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireDevMail(request, context);
  const { config } = context.services;
  const messages = await listDevMail(context.services.db, {
    publicUrl: config.publicUrl,
    signingKey: emailSigningKey(config),
  });
  return { messages };
}

export default function DevMailList() {
  const { messages } = useLoaderData<typeof loader>();
  return (
    <div>
      <h1 className="h3">Outgoing mail</h1>
      <p className="text-body-secondary">
        No SMTP server is configured (SMTP_URL), so emails wait in the outbox. This development page
        shows them so you can follow their links. It does not exist in production deployments.
      </p>
      {messages.length === 0 ? (
        <p>No emails yet. Invite a customer or ask for a password reset.</p>
      ) : (
        <div className="table-responsive">
          <table className="table align-middle">
            <caption className="visually-hidden">Emails, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Subject</th>
                <th scope="col">To</th>
                <th scope="col">Kind</th>
                <th scope="col">Status</th>
                <th scope="col">Queued</th>
              </tr>
            </thead>
            <tbody>
              {messages.map((m) => (
                <tr key={m.id}>
                  <td>
                    <Link to={`/dev/mail/${m.id}`}>{m.subject}</Link>
                  </td>
                  <td>{m.to}</td>
                  <td>{m.kind}</td>
                  <td>{m.status}</td>
                  <td>
                    <time dateTime={m.createdAt}>
                      {m.createdAt.replace("T", " ").slice(0, 19)} UTC
                    </time>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
