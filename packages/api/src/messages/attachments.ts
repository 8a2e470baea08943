import type { Db } from "@traveler/db";
import { badInput } from "../errors.ts";

/**
 * Links files of the message's job to the message. A customer may attach only their own uploads
 * on that job; staff any file of the job (it becomes visible to the customer: a reply shows what
 * it attaches). A file already attached to a message, deleted, or of another job is refused and
 * nothing is linked (the caller's transaction rolls back).
 */
export async function attachToMessage(
  trx: Db,
  message: { id: number; jobId: number },
  fileIds: number[] | undefined,
  by: { customerId: number } | { staff: true },
): Promise<void> {
  const ids = [...new Set(fileIds ?? [])];
  if (ids.length === 0) return;
  let update = trx
    .updateTable("job_files")
    .set(
      "customerId" in by
        ? { message_id: message.id }
        : { message_id: message.id, visible_to_customer: true },
    )
    .where("id", "in", ids)
    .where("job_id", "=", message.jobId)
    .where("message_id", "is", null)
    .where("deleted_at", "is", null);
  if ("customerId" in by) update = update.where("uploaded_by_customer", "=", by.customerId);
  const result = await update.executeTakeFirst();
  if (Number(result.numUpdatedRows) !== ids.length) {
    throw badInput("Attach only files of this job that are not attached to another message.");
  }
}
