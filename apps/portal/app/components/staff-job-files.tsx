import type { JobFile } from "@traveler/api/schemas";
import { FileRow, JobFilesCard } from "./file-row.tsx";
import { FileUploadForm } from "./file-upload-form.tsx";

/**
 * A job's files for staff: each with who sent it and when, its caption (editable), who can see
 * it (staff uploads start hidden; a customer's upload is always visible), and delete; and the
 * upload form. Plain forms posting to the file routes (server/files/file-routes.ts), which
 * answer with a redirect back here: no JavaScript needed.
 */
export function StaffJobFiles({
  jobNumber,
  files,
  notice,
  timeZone,
}: {
  jobNumber: string;
  files: JobFile[];
  notice: string | null;
  timeZone: string;
}) {
  const base = `/admin/job/${encodeURIComponent(jobNumber)}/files`;
  return (
    <JobFilesCard
      notice={notice}
      noticeId="file-notice"
      rows={files.map((file) => (
        <FileRow
          key={file.id}
          file={file}
          base={base}
          from={
            <>
              {file.uploadedBy.kind === "customer" ? "from customer " : ""}
              {file.uploadedBy.name}
            </>
          }
          timeZone={timeZone}
          tag={
            <span
              className={`badge ${file.visibleToCustomer ? "text-bg-success" : "text-bg-secondary"}`}
            >
              {file.visibleToCustomer ? "Customer can see" : "Staff only"}
            </span>
          }
        >
          <form method="post" action={`${base}/${file.id}`} className="file-caption-form">
            <input type="hidden" name="intent" value="caption" />
            <label htmlFor={`file-caption-${file.id}`} className="visually-hidden">
              Caption of {file.fileName}
            </label>
            <input
              id={`file-caption-${file.id}`}
              name="caption"
              defaultValue={file.caption}
              maxLength={500}
              placeholder="Caption"
              className="form-control form-control-sm"
            />
            <button type="submit" className="btn btn-sm btn-outline-primary">
              Save caption
            </button>
          </form>
          <div className="d-flex flex-wrap gap-1 mt-1">
            {file.uploadedBy.kind === "staff" ? (
              <form method="post" action={`${base}/${file.id}`}>
                <input type="hidden" name="intent" value="visibility" />
                <input
                  type="hidden"
                  name="visibleToCustomer"
                  value={file.visibleToCustomer ? "false" : "true"}
                />
                <button type="submit" className="btn btn-sm btn-outline-secondary">
                  {file.visibleToCustomer ? "Hide from customer" : "Show to customer"}
                  <span className="visually-hidden">: {file.fileName}</span>
                </button>
              </form>
            ) : null}
            <form method="post" action={`${base}/${file.id}`}>
              <input type="hidden" name="intent" value="remove" />
              <button type="submit" className="btn btn-sm btn-outline-danger">
                Delete<span className="visually-hidden"> {file.fileName}</span>
              </button>
            </form>
          </div>
        </FileRow>
      ))}
    >
      <FileUploadForm
        action={base}
        idPrefix="staff-file"
        heading="Add a file"
        captionLabel="Caption (optional)"
      >
        <div className="form-check mb-2">
          <input
            id="staff-file-visible"
            type="checkbox"
            name="visibleToCustomer"
            className="form-check-input"
          />
          <label htmlFor="staff-file-visible" className="form-check-label">
            Customer can see this file
          </label>
        </div>
      </FileUploadForm>
    </JobFilesCard>
  );
}

const NOTICES: Record<string, string> = {
  uploaded: "The file was uploaded.",
  caption: "The caption was saved.",
  visibility: "Who can see the file was changed.",
  remove: "The file was deleted.",
};

/** The confirmation a file route's redirect asks for (`?file=<what>`), from a fixed list. */
export function fileNotice(url: string): string | null {
  const params = new URL(url).searchParams;
  if (params.has("uploaded")) return NOTICES.uploaded ?? null;
  return NOTICES[params.get("file") ?? ""] ?? null;
}
