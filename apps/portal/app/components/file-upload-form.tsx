import { FILE_ACCEPT, FILE_TYPES_HELP } from "@traveler/api/schemas";
import type { ReactNode } from "react";

/**
 * The multipart form that sends one file to a file route. The caption (and any `children`
 * fields) come before the file input, so they arrive before the file's bytes: the route streams
 * the file straight into storage.
 */
export function FileUploadForm({
  action,
  idPrefix,
  heading,
  captionLabel,
  children,
}: {
  action: string;
  idPrefix: string;
  heading: string;
  captionLabel: string;
  children?: ReactNode;
}) {
  return (
    <form
      method="post"
      action={action}
      encType="multipart/form-data"
      className="file-upload border-top pt-3"
    >
      <h3 className="h6">{heading}</h3>
      <div className="mb-2">
        <label htmlFor={`${idPrefix}-caption`} className="form-label">
          {captionLabel}
        </label>
        <input id={`${idPrefix}-caption`} name="caption" maxLength={500} className="form-control" />
      </div>
      {children}
      <div className="mb-2">
        <label htmlFor={`${idPrefix}-input`} className="form-label">
          File
        </label>
        <input
          id={`${idPrefix}-input`}
          type="file"
          name="file"
          required
          accept={FILE_ACCEPT}
          className="form-control"
          aria-describedby={`${idPrefix}-help`}
        />
        <p id={`${idPrefix}-help`} className="form-text mb-0">
          {FILE_TYPES_HELP}
        </p>
      </div>
      <button type="submit" className="btn btn-primary">
        Upload file
      </button>
    </form>
  );
}
