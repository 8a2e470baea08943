import { useState } from "react";
import { client, errorText, type JobStatus } from "../client.ts";

export type PrintTarget = { jobNumber: string } | { status: JobStatus };

/**
 * Prints a document in the browser (the harness): a hidden frame holds it and opens the
 * browser's print dialog, where "Save as PDF" is one of the printers. The frame stays until the
 * next print, so the document can be looked at.
 */
function printInBrowser(html: string, title: string): void {
  document.querySelector("iframe[data-print-frame]")?.remove();
  const frame = document.createElement("iframe");
  frame.dataset.printFrame = "";
  frame.title = title;
  frame.className = "print-frame";
  frame.addEventListener(
    "load",
    () => {
      frame.contentWindow?.focus();
      frame.contentWindow?.print();
    },
    { once: true },
  );
  frame.srcdoc = html;
  document.body.append(frame);
}

/**
 * "Print traveler" (a job) or "Print" (a board column), rendered from the cache: works offline.
 * In Electron the main process prints (system dialog) or saves a PDF; in the harness the browser
 * prints.
 */
export function PrintActions({
  target,
  label,
  ariaLabel,
}: {
  target: PrintTarget;
  label: string;
  ariaLabel?: string;
}) {
  const [busy, setBusy] = useState(false);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const electron = Boolean(window.traveler);

  async function run(mode: "print" | "pdf") {
    setBusy(true);
    setMessage(null);
    try {
      const result = await client.print.run.mutate({ target, mode });
      if (result.handled) {
        setMessage({
          text: result.message,
          error: !result.done && !/cancel|Not saved/.test(result.message),
        });
        return;
      }
      const doc = await client.print.document.query(target);
      if (doc.count === 0) {
        setMessage({ text: "Nothing to print.", error: false });
        return;
      }
      printInBrowser(doc.html, doc.title);
      setMessage({
        text: `${doc.count} traveler${doc.count === 1 ? "" : "s"} sent to the print dialog${
          doc.total > doc.count
            ? ` (the first ${doc.count} of ${doc.total.toLocaleString()}, by due date)`
            : ""
        }.`,
        error: false,
      });
    } catch (e) {
      setMessage({ text: errorText(e), error: true });
    } finally {
      setBusy(false);
    }
  }

  return (
    <span className="print-actions">
      <button
        type="button"
        className="small"
        onClick={() => void run("print")}
        disabled={busy}
        aria-label={ariaLabel}
      >
        {label}
      </button>
      {electron && (
        <button type="button" className="small" onClick={() => void run("pdf")} disabled={busy}>
          Save as PDF…
        </button>
      )}
      {message && (
        <span role="status" className={message.error ? "error" : "muted"}>
          {message.text}
        </span>
      )}
    </span>
  );
}
