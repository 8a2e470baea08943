import { randomUUID } from "node:crypto";
import { rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { app, BrowserWindow, dialog } from "electron";
import type { PrintDocument, TravelerPrinter } from "../core/print-travelers.ts";

/** Countries that print on Letter paper; everyone else uses A4. */
const LETTER_COUNTRIES = new Set(["US", "CA", "MX", "PH", "CL", "CO", "VE"]);

/**
 * Loads a traveler document into a hidden window (from a temporary file: a batch can be larger
 * than a data: URL may be), runs `use`, and closes the window. No script runs in it.
 */
async function withDocument<T>(
  doc: PrintDocument,
  use: (win: BrowserWindow) => Promise<T>,
): Promise<T> {
  const file = join(app.getPath("temp"), `traveler-${randomUUID()}.html`);
  await writeFile(file, doc.html, "utf8");
  const win = new BrowserWindow({
    show: false,
    title: doc.title,
    webPreferences: { sandbox: true, contextIsolation: true, javascript: false },
  });
  try {
    await win.loadFile(file);
    return await use(win);
  } finally {
    win.destroy();
    await rm(file, { force: true });
  }
}

/** Electron's printing for the console: the system print dialog, or a PDF saved where asked. */
export function electronPrinter(parent: () => BrowserWindow | null): TravelerPrinter {
  return {
    print: (doc) =>
      withDocument(
        doc,
        (win) =>
          new Promise((resolve) => {
            win.webContents.print({ silent: false, printBackground: false }, (done, reason) =>
              resolve({
                done,
                message: done
                  ? `Sent ${doc.count} traveler${doc.count === 1 ? "" : "s"} to the printer.`
                  : reason === "cancelled"
                    ? "Printing cancelled."
                    : `Printing failed: ${reason}.`,
              }),
            );
          }),
      ),
    savePdf: async (doc) => {
      const owner = parent();
      const options = {
        title: "Save travelers as PDF",
        defaultPath: join(app.getPath("documents"), `${doc.title}.pdf`),
        filters: [{ name: "PDF", extensions: ["pdf"] }],
      };
      const choice = owner
        ? await dialog.showSaveDialog(owner, options)
        : await dialog.showSaveDialog(options);
      if (choice.canceled || !choice.filePath) return { done: false, message: "Not saved." };
      const path = choice.filePath;
      const pdf = await withDocument(doc, (win) =>
        win.webContents.printToPDF({
          pageSize: LETTER_COUNTRIES.has(app.getLocaleCountryCode()) ? "Letter" : "A4",
          printBackground: false,
        }),
      );
      await writeFile(path, pdf);
      return { done: true, message: `Saved ${path}.` };
    },
  };
}
