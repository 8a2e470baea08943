import { describeFile, FILE_ACCEPT, FILE_MAX_BYTES, FILE_TYPES_HELP } from "@traveler/api/schemas";
import { useState } from "react";
import { client, errorText, type JobDetail } from "../client.ts";
import { saveDownload } from "./save-download.ts";
import { fileToBase64, UploadPicker } from "./upload-picker.tsx";

/**
 * A job's files in the console (issue 13): the list from the cache (metadata synced like every
 * row), open (downloaded from the server; offline it says so), and attach: the file is kept
 * beside the cache and uploaded when online, shown here as pending until then.
 */
export function JobFiles({ job }: { job: JobDetail }) {
  const [error, setError] = useState<string | null>(null);

  async function attach(file: File, caption: string, visibleToCustomer: boolean) {
    setError(null);
    if (file.size > FILE_MAX_BYTES) {
      setError(`The file is larger than 100 MB. Accepted: ${FILE_TYPES_HELP}`);
      return;
    }
    await client.jobs.attachFile.mutate({
      jobNumber: job.jobNumber,
      fileName: file.name,
      base64: await fileToBase64(file),
      caption: caption || undefined,
      visibleToCustomer,
    });
  }

  async function open(fileId: number, fileName: string) {
    setError(null);
    try {
      saveDownload(await client.jobs.file.query({ jobNumber: job.jobNumber, fileId }), fileName);
    } catch (e) {
      setError(`Could not open ${fileName}: ${errorText(e)}`);
    }
  }

  return (
    <div className="card" data-testid="job-files">
      <h2>Files</h2>
      <ul className="files">
        {job.files.map((f) => (
          <li key={f.id}>
            <button type="button" className="link" onClick={() => void open(f.id, f.fileName)}>
              {f.fileName}
            </button>
            <span className="muted">
              {" "}
              {describeFile(f)} · {f.fromCustomer ? "from the customer" : "shop"} ·{" "}
              {f.visibleToCustomer ? "customer can see" : "staff only"}
            </span>
            {f.caption && <div>{f.caption}</div>}
          </li>
        ))}
        {job.pendingFiles.map((f) => (
          <li key={`pending-${f.id}`} data-testid="pending-file">
            <strong>{f.fileName}</strong>{" "}
            <span className={f.state === "failed" ? "error" : "muted"}>
              {f.state === "failed" ? `not uploaded: ${f.lastError}` : "waiting to upload"}
            </span>
            {f.state === "failed" && (
              <button
                type="button"
                className="link"
                onClick={() => void client.jobs.discardUpload.mutate({ id: f.id })}
              >
                Discard
              </button>
            )}
          </li>
        ))}
        {job.files.length === 0 && job.pendingFiles.length === 0 && (
          <li className="muted">No files yet.</li>
        )}
      </ul>
      <UploadPicker what="file" accept={FILE_ACCEPT} onPick={attach} />
      <p className="muted">{FILE_TYPES_HELP}</p>
      {error && <p className="error">{error}</p>}
    </div>
  );
}
