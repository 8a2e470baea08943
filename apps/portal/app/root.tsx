import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Links, Meta, Outlet, useRouteLoaderData } from "@remix-run/react";
// Side-effect imports: Vite bundles both into the root's ONE stylesheet (one request).
import "bootstrap/dist/css/bootstrap.min.css";
import "./styles/app.css";
import { dayInZone } from "@traveler/api/schemas";
import type { ReactNode } from "react";
import { GeneralErrorBoundary } from "./components/general-error-boundary.tsx";
import { IdleTimeout } from "./components/idle-timeout.tsx";
import { SiteHeader } from "./components/site-header.tsx";
import { apiFor } from "./lib/api.server.ts";
import { useNonce } from "./lib/nonce.tsx";
import { usePageAssets } from "./lib/page-assets.tsx";
import { getSession } from "./lib/session.server.ts";

export const links: LinksFunction = () => [
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
];

export const meta: MetaFunction = () => [{ title: "Customer portal" }];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await getSession(request, context);
  const shop = await apiFor(request, context).auth.shop();
  const actor = session?.actor;
  return {
    requestId: context.requestId,
    shopName: shop.name,
    // Every date and time on the page is in shop time; "today" is the shop's day.
    timeZone: shop.timeZone,
    today: dayInZone(new Date(), shop.timeZone),
    // Every price on the page is in the shop's currency.
    currency: shop.currency,
    me: actor
      ? {
          type: actor.type,
          name: actor.name,
          role: actor.type === "staff" ? actor.role : null,
        }
      : null,
    // Seconds until the server ends the session for inactivity (the page warns before).
    idleSeconds: actor
      ? Math.max(0, Math.round((actor.idleExpiresAt.getTime() - Date.now()) / 1000))
      : null,
  };
}

export type RootData = Awaited<ReturnType<typeof loader>>;

/**
 * Every page is server-rendered HTML without the React runtime in the browser (issue 11): forms
 * are plain forms, and what needs script is a small module loaded only where it is used (live
 * updates, the idle warning, the human check). The stylesheet is inlined on a first visit and
 * linked (from the browser's cache) after that.
 */
export function Layout({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  const data = useRouteLoaderData<typeof loader>("root");
  const { css } = usePageAssets();
  return (
    <html lang="en">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <Meta />
        {css?.inline ? (
          <>
            {/* biome-ignore lint/security/noDangerouslySetInnerHtml: our own built stylesheet */}
            <style nonce={nonce} dangerouslySetInnerHTML={{ __html: css.inline }} />
            <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
            <link rel="prefetch" href={css.href} as="style" />
          </>
        ) : (
          <Links />
        )}
      </head>
      <body>
        <a href="#main" className="visually-hidden-focusable skip-link">
          Skip to content
        </a>
        <SiteHeader shopName={data?.shopName ?? "Customer portal"} me={data?.me ?? null} />
        <main id="main" className="container py-3 py-md-4" tabIndex={-1}>
          {children}
        </main>
        <footer className="container pb-4 small text-body-secondary">
          {data?.shopName ?? "Customer portal"} ·{" "}
          {data?.me?.type === "staff" ? "shop staff pages" : "customer portal"}
        </footer>
        {data?.me && data.idleSeconds !== null ? (
          <IdleTimeout seconds={data.idleSeconds} role={data.me.type} />
        ) : null}
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
