import { Form } from "@remix-run/react";
import { formatDateTime } from "../lib/format.ts";
import type { PhotoResult } from "../lib/job-photos.server.ts";
import { FieldError, fieldProps } from "./field.tsx";
import { SubmitButton } from "./submit-button.tsx";

interface Photo {
  id: number;
  caption: string;
  visibleToCustomer: boolean;
  createdAt: string;
}

/**
 * A job's photos for staff: thumbnails with caption and who can see them, show/hide and remove,
 * and the upload form (file, caption, "customer can see"). Plain forms, no JavaScript needed.
 */
export function JobPhotos({
  photos,
  result,
  formKey,
  timeZone,
}: {
  photos: Photo[];
  result: PhotoResult["photo"] | null;
  formKey: string;
  timeZone: string;
}) {
  const errors = result && !result.ok ? result.errors : {};
  return (
    <section className="card shadow-sm" aria-labelledby="photos-heading">
      <div className="card-body">
        <h2 className="h5" id="photos-heading">
          Photos
        </h2>
        {result ? (
          <div
            className={`alert ${result.ok ? "alert-success" : "alert-danger"}`}
            role={result.ok ? "status" : "alert"}
            data-testid="photo-message"
          >
            {result.message}
          </div>
        ) : null}
        {photos.length === 0 ? (
          <p>No photos yet.</p>
        ) : (
          <ul className="photo-grid staff-photos list-unstyled mb-3">
            {photos.map((photo, i) => {
              const name = photo.caption || `Photo ${i + 1}`;
              const toggle = photo.visibleToCustomer ? "Hide from customer" : "Show to customer";
              return (
                <li key={photo.id} data-testid={`photo-${photo.id}`}>
                  <a href={`/admin/photo/${photo.id}/full`} target="_blank" rel="noreferrer">
                    <img
                      src={`/admin/photo/${photo.id}/thumb`}
                      alt={
                        photo.caption ||
                        `Photo ${i + 1}, ${formatDateTime(photo.createdAt, timeZone)}`
                      }
                      loading="lazy"
                    />
                  </a>
                  {photo.caption ? <p className="small mb-1 mt-1">{photo.caption}</p> : null}
                  <p className="small mb-1">
                    <span
                      className={`badge ${photo.visibleToCustomer ? "text-bg-success" : "text-bg-secondary"}`}
                    >
                      {photo.visibleToCustomer ? "Customer can see" : "Staff only"}
                    </span>
                  </p>
                  <div className="d-flex flex-wrap gap-1">
                    <Form method="post">
                      <input type="hidden" name="intent" value="photo-visibility" />
                      <input type="hidden" name="photoId" value={photo.id} />
                      <input
                        type="hidden"
                        name="visibleToCustomer"
                        value={photo.visibleToCustomer ? "false" : "true"}
                      />
                      <button
                        type="submit"
                        className="btn btn-outline-secondary btn-sm touch-target"
                        aria-label={`${toggle}: ${name}`}
                      >
                        {toggle}
                      </button>
                    </Form>
                    <Form method="post">
                      <input type="hidden" name="intent" value="photo-remove" />
                      <input type="hidden" name="photoId" value={photo.id} />
                      <button
                        type="submit"
                        className="btn btn-outline-danger btn-sm touch-target"
                        aria-label={`Remove photo: ${name}`}
                      >
                        Remove
                      </button>
                    </Form>
                  </div>
                </li>
              );
            })}
          </ul>
        )}
        <Form method="post" encType="multipart/form-data" noValidate aria-label="Add a photo">
          <h3 className="h6">Add a photo</h3>
          <input type="hidden" name="intent" value="photo-add" />
          <input type="hidden" name="idempotencyKey" value={formKey} />
          <div className="mb-2">
            <label htmlFor="photo" className="form-label">
              Photo (JPEG, PNG or WebP, up to 10 MB)
            </label>
            <input
              id="photo"
              name="photo"
              type="file"
              accept="image/*"
              className={`form-control ${errors.photo ? "is-invalid" : ""}`}
              {...fieldProps("photo", errors.photo)}
            />
            <FieldError id="photo" message={errors.photo} />
          </div>
          <div className="mb-2">
            <label htmlFor="caption" className="form-label">
              Caption
            </label>
            <input
              id="caption"
              name="caption"
              type="text"
              maxLength={500}
              className={`form-control ${errors.caption ? "is-invalid" : ""}`}
              {...fieldProps("caption", errors.caption)}
            />
            <FieldError id="caption" message={errors.caption} />
          </div>
          <div className="form-check mb-3">
            <input
              className="form-check-input"
              type="checkbox"
              id="photoVisible"
              name="visibleToCustomer"
            />
            <label className="form-check-label" htmlFor="photoVisible">
              Customer can see this photo
            </label>
          </div>
          <SubmitButton
            pendingText="Uploading…"
            className="btn btn-primary touch-target"
            name="intent"
            value="photo-add"
          >
            Upload photo
          </SubmitButton>
        </Form>
      </div>
    </section>
  );
}
