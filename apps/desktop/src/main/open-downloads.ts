import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { app, type Session, shell } from "electron";
import { uniqueDownloadPath } from "./download-path.ts";

/**
 * Opening a file in the console (a job file, a proof, a message attachment): the renderer hands
 * the bytes it got from the core to a download (screens/save-download.ts); here that download is
 * saved without a dialog in Downloads/Traveler under a safe name and opened in the computer's
 * own app (the PDF viewer, the image viewer). If no app will open it, its folder is shown.
 */
export function openDownloadsInSystemApp(session: Session): void {
  session.on("will-download", (_event, item) => {
    const folder = join(app.getPath("downloads"), "Traveler");
    mkdirSync(folder, { recursive: true });
    const path = uniqueDownloadPath(folder, item.getFilename(), item.getMimeType());
    item.setSavePath(path);
    item.once("done", (_done, state) => {
      if (state !== "completed") return;
      void shell.openPath(path).then((error) => {
        if (error) shell.showItemInFolder(path);
      });
    });
  });
}
