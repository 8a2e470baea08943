import type { RequestFile } from "@traveler/api/server";
import { fileKind, formatBytes } from "../lib/proof-files.ts";

/**
 * The files sent with a quote request, as download links (plain links, no script). `base` is the
 * request's page (/customer/quotes/Q-… or /admin/requests/Q-…); the file routes authorize each
 * download like the request. After conversion the files are the job's, so the list is empty.
 */
export function QuoteRequestFiles({ files, base }: { files: RequestFile[]; base: string }) {
  if (files.length === 0) return null;
  return (
    <>
      <h3 className="h6 mt-3" id="request-files-heading">
        Files sent with the request
      </h3>
      <ul className="mb-0" aria-labelledby="request-files-heading">
        {files.map((f) => (
          <li key={f.id}>
            <a href={`${base}/files/${f.id}?download=1`} download>
              {f.fileName}
            </a>{" "}
            <span className="text-body-secondary">
              ({fileKind(f.contentType)}, {formatBytes(f.byteSize)})
            </span>
          </li>
        ))}
      </ul>
    </>
  );
}
