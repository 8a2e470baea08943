import { formatFileSize } from "@traveler/api/schemas";
import { useState } from "react";
import { errorText } from "../client.ts";
import { saveDownload } from "./save-download.ts";

export interface Attachment {
  /** The server's file id; negative while the file waits to upload here. */
  id: number;
  fileName: string;
  byteSize: number;
}

/**
 * A message's or a quote request's files: name and size; open downloads it from the server as
 * the job's Files card does (online only; offline it says so). A file still waiting to upload
 * shows as such.
 */
export function AttachmentList({
  files,
  label,
  download,
}: {
  files: Attachment[];
  label: string;
  download: (fileId: number) => Promise<{ contentType: string; base64: string }>;
}) {
  const [error, setError] = useState<string | null>(null);
  if (files.length === 0) return null;

  async function open(file: Attachment) {
    setError(null);
    try {
      saveDownload(await download(file.id), file.fileName);
    } catch (e) {
      setError(`Could not open ${file.fileName}: ${errorText(e)}`);
    }
  }

  return (
    <>
      <ul className="attachments" aria-label={label}>
        {files.map((f) => (
          <li key={f.id} data-testid="attachment">
            {f.id > 0 ? (
              <button type="button" className="link" onClick={() => void open(f)}>
                {f.fileName}
              </button>
            ) : (
              <strong>{f.fileName}</strong>
            )}{" "}
            <span className="muted">
              {formatFileSize(f.byteSize)}
              {f.id > 0 ? "" : " · waiting to upload"}
            </span>
          </li>
        ))}
      </ul>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
    </>
  );
}
