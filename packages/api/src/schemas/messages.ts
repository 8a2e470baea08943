import { z } from "zod";
import { idempotencyKeySchema, idSchema, jobNumberSchema } from "./common.ts";

/** Messages on a job (issue 14): one thread per job between its customer and the shop. */

export const MESSAGE_BODY_MAX = 5_000;

export const messageBodySchema = z
  .string()
  .trim()
  .min(1, "Write a message.")
  .max(
    MESSAGE_BODY_MAX,
    `Keep a message under ${MESSAGE_BODY_MAX.toLocaleString("en")} characters.`,
  );

export const messageAuthorSchema = z.enum(["customer", "staff"]);

export const threadInput = z.object({ jobNumber: jobNumberSchema });

/** Files of the same job (already uploaded through the files intake) to attach to the message. */
export const messageFileIdsSchema = z.array(idSchema).max(10).optional();

export const customerSendMessageInput = z.object({
  jobNumber: jobNumberSchema,
  body: messageBodySchema,
  fileIds: messageFileIdsSchema,
});

export const staffReplyInput = z.object({
  jobNumber: jobNumberSchema,
  body: messageBodySchema,
  fileIds: messageFileIdsSchema,
  idempotencyKey: idempotencyKeySchema,
});

export const staffMarkReadInput = z.object({
  jobNumber: jobNumberSchema,
  idempotencyKey: idempotencyKeySchema,
});

/** One message as its thread shows it (both sides: no internal field exists on a message). */
export const threadMessageSchema = z.object({
  id: z.number().int(),
  author: messageAuthorSchema,
  /** The customer's name, or the staff member's display name. */
  authorName: z.string(),
  body: z.string(),
  createdAt: z.string(),
  /** When the other side read it (null: unread). */
  readAt: z.string().nullable(),
  /** Files attached to it (downloaded through the job's file routes). */
  attachments: z.array(
    z.object({ id: z.number().int(), fileName: z.string(), byteSize: z.number().int() }),
  ),
});
export type ThreadMessage = z.infer<typeof threadMessageSchema>;

/**
 * How long a message stays marked "New" for its reader after they first saw it. Opening a thread
 * marks it read, and that change refreshes the open page (live updates): without this window the
 * badge would vanish a moment after the page showed it, before the reader saw which were new.
 */
export const MESSAGE_NEW_WINDOW_MS = 10 * 60_000;

/** Whether the reader should see this message (from the other side) marked "New". */
export function isNewToReader(readAt: string | null, now: number): boolean {
  return readAt === null || now - Date.parse(readAt) < MESSAGE_NEW_WINDOW_MS;
}

export const customerThreadOutput = z.object({
  jobNumber: z.string(),
  messages: z.array(threadMessageSchema),
});

export const customerUnreadOutput = z.object({
  total: z.number().int(),
  byJob: z.array(z.object({ jobNumber: z.string(), unread: z.number().int() })),
});

export const sentMessageOutput = z.object({ id: z.number().int(), createdAt: z.string() });

/** A conversation in the staff inbox. */
export const inboxThreadSchema = z.object({
  jobNumber: z.string(),
  jobTitle: z.string(),
  customerName: z.string(),
  /** Customer messages staff have not read. */
  unread: z.number().int(),
  /** The oldest customer message after the shop's last reply (null: answered). */
  waitingSince: z.string().nullable(),
  lastMessageAt: z.string(),
  lastAuthor: messageAuthorSchema,
  lastBody: z.string(),
});
export type InboxThread = z.infer<typeof inboxThreadSchema>;

export const staffInboxInput = z
  .object({
    /** Also list answered conversations (most recent first, after the waiting ones). */
    includeAnswered: z.boolean().optional(),
    limit: z.number().int().min(1).max(200).optional(),
  })
  .optional();

export const staffInboxOutput = z.object({
  threads: z.array(inboxThreadSchema),
  unreadTotal: z.number().int(),
});
