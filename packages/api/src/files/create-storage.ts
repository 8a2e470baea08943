import type { ApiServices } from "../services.ts";
import { PgFileStorage } from "./pg-storage.ts";
import type { FileStorage } from "./storage.ts";

/**
 * The one place that picks where file bytes live. To move files to an S3-compatible store,
 * implement `FileStorage` over it and return it here (docs/decisions/006-file-storage.md).
 */
export function createFileStorage(services: Pick<ApiServices, "db">): FileStorage {
  return new PgFileStorage(services.db);
}
