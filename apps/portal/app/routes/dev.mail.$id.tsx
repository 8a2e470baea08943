import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { emailSigningKey, getDevMail } from "@traveler/api/server";
import { Fragment } from "react";
import { GeneralErrorBoundary } from "../components/general-error-boundary.tsx";
import { requireDevMail } from "./dev.mail.server.ts";

export const meta: MetaFunction = () => [
  { title: "Email (development) · Customer portal" },
  { name: "robots", content: "noindex" },
];

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireDevMail(request, context);
  const id = Number(params.id);
  if (!Number.isSafeInteger(id) || id < 1) {
    throw data({ message: "We could not find that email." }, { status: 404 });
  }
  const { config } = context.services;
  const message = await getDevMail(context.services.db, id, {
    publicUrl: config.publicUrl,
    signingKey: emailSigningKey(config),
  });
  if (!message) throw data({ message: "We could not find that email." }, { status: 404 });
  const links = [...new Set(message.text.match(/https?:\/\/[^\s<>"]+/g) ?? [])];
  return { message, links };
}

export default function DevMailMessage() {
  const { message, links } = useLoaderData<typeof loader>();
  return (
    <div>
      <nav aria-label="Breadcrumb" className="mb-2">
        <Link to="/dev/mail">← All outgoing mail</Link>
      </nav>
      <h1 className="h3">{message.subject}</h1>
      <dl className="row">
        <dt className="col-sm-2">To</dt>
        <dd className="col-sm-10">{message.to}</dd>
        <dt className="col-sm-2">Kind</dt>
        <dd className="col-sm-10">{message.kind}</dd>
        <dt className="col-sm-2">Status</dt>
        <dd className="col-sm-10">{message.status}</dd>
        {Object.entries(message.headers).map(([name, value]) => (
          <Fragment key={name}>
            <dt className="col-sm-2">{name}</dt>
            <dd className="col-sm-10 text-break">{value}</dd>
          </Fragment>
        ))}
      </dl>
      {links.length > 0 ? (
        <section aria-labelledby="links-heading" className="mb-4">
          <h2 id="links-heading" className="h5">
            Links in this email
          </h2>
          <ul>
            {links.map((href) => (
              <li key={href} className="text-break">
                <a href={href}>{href}</a>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
      <section aria-labelledby="html-heading" className="mb-4">
        <h2 id="html-heading" className="h5">
          As the customer sees it
        </h2>
        <iframe
          title={`Email: ${message.subject}`}
          srcDoc={message.html}
          sandbox=""
          className="w-100 border rounded"
          style={{ height: "40rem" }}
        />
      </section>
      <section aria-labelledby="text-heading">
        <h2 id="text-heading" className="h5">
          Plain text
        </h2>
        <pre className="border rounded p-3 bg-body-tertiary" style={{ whiteSpace: "pre-wrap" }}>
          {message.text}
        </pre>
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
