import type { CustomerJobFile } from "@traveler/api/schemas";
import { FileRow } from "./file-row.tsx";
import { FileUploadForm } from "./file-upload-form.tsx";

/**
 * The files of a job on the customer's page: what the shop shared and what the customer sent,
 * each a download link; and a plain multipart form to send one (works without JavaScript; the
 * upload route answers with a redirect back here, or a page saying why the file was refused).
 */
export function CustomerJobFiles({
  jobNumber,
  files,
  uploaded,
  timeZone,
}: {
  jobNumber: string;
  files: CustomerJobFile[];
  uploaded: boolean;
  timeZone: string;
}) {
  const base = `/customer/job/${encodeURIComponent(jobNumber)}/files`;
  return (
    <section className="card shadow-sm" id="files" aria-labelledby="files-heading">
      <div className="card-body">
        <h2 className="h5" id="files-heading">
          Files
        </h2>
        {uploaded ? (
          <div className="alert alert-success" role="status" data-testid="file-uploaded">
            Your file was uploaded. The shop can see it now.
          </div>
        ) : null}
        {files.length === 0 ? (
          <p>No files yet.</p>
        ) : (
          <ul className="file-list list-unstyled">
            {files.map((file) => (
              <FileRow
                key={file.id}
                file={file}
                base={base}
                from={file.uploadedByYou ? "sent by you" : "from the shop"}
                timeZone={timeZone}
              >
                {file.caption ? <p className="small mb-0">{file.caption}</p> : null}
              </FileRow>
            ))}
          </ul>
        )}
        <FileUploadForm
          action={base}
          idPrefix="file"
          heading="Send the shop a file"
          captionLabel="Note about the file (optional)"
        />
      </div>
    </section>
  );
}
