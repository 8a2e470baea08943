import { describeFile } from "@traveler/api/schemas";
import type { ReactNode } from "react";
import { formatDateTime } from "../lib/format.ts";
import { FileThumb } from "./file-thumb.tsx";

/** What a row needs of a job file (the customer's and the staff's file outputs both have it). */
export interface FileRowFile {
  id: number;
  fileName: string;
  contentType: string;
  byteSize: number;
  pageCount: number | null;
  hasThumbnail: boolean;
  createdAt: string;
}

/**
 * One file in a job's file list (customer and staff pages): its preview, its name as the download
 * link (`base/id`), a line with its type, size, who sent it (`from`), when and `tag`, then `children`
 * (the caption, or the staff's forms).
 */
export function FileRow({
  file,
  base,
  from,
  timeZone,
  tag,
  children,
}: {
  file: FileRowFile;
  base: string;
  /** Who sent it, as the reader says it ("sent by you", "from customer Alice A"). */
  from: ReactNode;
  timeZone: string;
  /** After the line: a badge (who can see it, for staff). */
  tag?: ReactNode;
  children?: ReactNode;
}) {
  return (
    <li className="file-item" data-testid={`file-${file.id}`}>
      <FileThumb src={`${base}/${file.id}/thumb`} file={file} />
      <div className="file-text">
        <a href={`${base}/${file.id}`} className="file-name">
          {file.fileName}
        </a>
        <p className="small text-body-secondary mb-1">
          {describeFile(file)} · {from}, {formatDateTime(file.createdAt, timeZone)}
          {tag ? <> {tag}</> : null}
        </p>
        {children}
      </div>
    </li>
  );
}

/**
 * A job's files card (customer and staff pages): the heading, a notice after a change (`noticeId`
 * names it for tests), the rows (or "No files yet.") and then `children` (the upload form).
 */
export function JobFilesCard({
  notice,
  noticeId,
  rows,
  children,
}: {
  notice: ReactNode;
  noticeId: string;
  rows: ReactNode[];
  children: ReactNode;
}) {
  return (
    <section className="card shadow-sm" id="files" aria-labelledby="files-heading">
      <div className="card-body">
        <h2 className="h5" id="files-heading">
          Files
        </h2>
        {notice ? (
          <div className="alert alert-success" role="status" data-testid={noticeId}>
            {notice}
          </div>
        ) : null}
        {rows.length === 0 ? (
          <p>No files yet.</p>
        ) : (
          <ul className="file-list list-unstyled">{rows}</ul>
        )}
        {children}
      </div>
    </section>
  );
}
