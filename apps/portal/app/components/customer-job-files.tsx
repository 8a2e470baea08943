import type { CustomerJobFile } from "@traveler/api/schemas";
import { FileRow, JobFilesCard } from "./file-row.tsx";
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
    <JobFilesCard
      notice={uploaded ? "Your file was uploaded. The shop can see it now." : null}
      noticeId="file-uploaded"
      rows={files.map((file) => (
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
    >
      <FileUploadForm
        action={base}
        idPrefix="file"
        heading="Send the shop a file"
        captionLabel="Note about the file (optional)"
      />
    </JobFilesCard>
  );
}
