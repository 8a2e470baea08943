import { Link } from "@remix-run/react";
import type { ReactNode } from "react";
import { useNonce } from "../lib/nonce.tsx";
import { ModuleScript } from "../lib/page-assets.tsx";

/** On paper only the travelers: the portal's header, footer and this toolbar stay on screen. */
const PAGE_PRINT_CSS = `
@media print {
  body { background: #fff !important; }
  .site-header, body > footer, .skip-link, .print-toolbar, .idle-dialog { display: none !important; }
  main.container { max-width: none; padding: 0 !important; margin: 0; }
}`;

/**
 * A print page: a toolbar (heading, Print button, way back) and the traveler sheets rendered by
 * `@traveler/api/print`. The `print` module shows the button and runs the browser's print; without
 * JavaScript the page says to press Ctrl+P.
 */
export function TravelerPrint({
  title,
  back,
  html,
  css,
  children,
}: {
  title: string;
  back: { to: string; label: string };
  html: string;
  css: string;
  children?: ReactNode;
}) {
  const nonce = useNonce();
  return (
    <>
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: the traveler renderer's own stylesheet */}
      <style nonce={nonce} dangerouslySetInnerHTML={{ __html: css + PAGE_PRINT_CSS }} />
      <div className="print-toolbar d-flex flex-wrap align-items-center gap-2 mb-3">
        <h1 className="h4 m-0 me-auto">{title}</h1>
        {html ? (
          <>
            <button type="button" className="btn btn-primary" data-print hidden>
              Print
            </button>
            <p className="small text-body-secondary m-0" data-print-hint>
              Press Ctrl+P (⌘P on a Mac) to print.
            </p>
          </>
        ) : null}
        <Link to={back.to} className="btn btn-outline-secondary">
          {back.label}
        </Link>
      </div>
      {children}
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: escaped by the traveler renderer */}
      <div className="traveler-sheets" dangerouslySetInnerHTML={{ __html: html }} />
      {html ? <ModuleScript name="print" nonce={nonce} /> : null}
    </>
  );
}
