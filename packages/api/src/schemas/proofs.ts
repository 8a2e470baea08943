import { z } from "zod";
import { idempotencyKeySchema, idSchema, jobNumberSchema } from "./common.ts";

/**
 * Proof approval (issue 13): states, labels, limits, inputs and the customer's outputs. One
 * definition for the API, the portal's forms and the console.
 */

/**
 * waiting: sent, the customer has not decided. approved / changes_requested: the customer's one
 * decision. superseded: the shop sent a newer version before a decision.
 */
export const PROOF_STATE_VALUES = [
  "waiting",
  "approved",
  "changes_requested",
  "superseded",
] as const;
export const proofStateSchema = z.enum(PROOF_STATE_VALUES);
export type ProofStateValue = z.infer<typeof proofStateSchema>;

export const PROOF_STATE_LABELS: Record<ProofStateValue, string> = {
  waiting: "Waiting for approval",
  approved: "Approved",
  changes_requested: "Changes requested",
  superseded: "Replaced by a newer version",
};

export const PROOF_LIMITS = {
  /** Files in one version. */
  files: 20,
  message: 5_000,
  comment: 5_000,
  name: 200,
  /** Pins on one change request. */
  pins: 50,
} as const;

/** A fraction 0..1 of the image's width or height (finite: NaN and Infinity are refused). */
const fraction = z
  .number()
  .finite()
  .min(0, "A pin must be on the image.")
  .max(1, "A pin must be on the image.");

export const proofPinSchema = z.object({
  /** The job file (of this proof version) the pin is on. */
  fileId: idSchema,
  x: fraction,
  y: fraction,
  /** What is wrong at this spot (may be empty: the comment says it). */
  note: z.string().trim().max(PROOF_LIMITS.comment).optional(),
});
export type ProofPin = z.infer<typeof proofPinSchema>;

// Staff -----------------------------------------------------------------------------------------
export const staffProofSendInput = z.object({
  jobNumber: jobNumberSchema,
  /** Job files (already uploaded to the job) that make up this version, in order. */
  fileIds: z
    .array(idSchema)
    .min(1, "Choose at least one file for the proof.")
    .max(PROOF_LIMITS.files, `A proof has at most ${PROOF_LIMITS.files} files.`)
    .refine((ids) => new Set(ids).size === ids.length, "Each file may be chosen once."),
  message: z.string().trim().max(PROOF_LIMITS.message).optional(),
  idempotencyKey: idempotencyKeySchema,
});
export const staffProofListInput = z.object({ jobNumber: jobNumberSchema });

// Customer --------------------------------------------------------------------------------------
export const customerProofListInput = z.object({ jobNumber: jobNumberSchema });

export const customerProofApproveInput = z.object({
  jobNumber: jobNumberSchema,
  /** The version the customer looked at: deciding an older one is refused. */
  version: z.number().int().min(1).max(1000),
  name: z
    .string()
    .trim()
    .min(1, "Type your name to approve.")
    .max(PROOF_LIMITS.name, `Use at most ${PROOF_LIMITS.name} characters.`),
});

export const customerProofRequestChangesInput = z.object({
  jobNumber: jobNumberSchema,
  version: z.number().int().min(1).max(1000),
  comment: z
    .string()
    .trim()
    .min(1, "Tell us what to change.")
    .max(PROOF_LIMITS.comment, `Use at most ${PROOF_LIMITS.comment} characters.`),
  pins: z.array(proofPinSchema).max(PROOF_LIMITS.pins).optional(),
});

// Outputs (customer: only these fields leave) ---------------------------------------------------
export const proofFileOutput = z.object({
  id: z.number().int(),
  fileName: z.string(),
  contentType: z.string(),
  byteSize: z.number().int(),
  sha256: z.string(),
});

export const proofCommentOutput = z.object({
  id: z.number().int(),
  body: z.string(),
  byCustomer: z.boolean(),
  authorName: z.string(),
  pin: z
    .object({ number: z.number().int(), fileId: z.number().int(), x: z.number(), y: z.number() })
    .nullable(),
  createdAt: z.string(),
});

export const proofOutput = z.object({
  version: z.number().int(),
  state: proofStateSchema,
  message: z.string(),
  sentAt: z.string(),
  sentBy: z.string().nullable(),
  files: z.array(proofFileOutput),
  comments: z.array(proofCommentOutput),
  decision: z
    .object({
      at: z.string(),
      name: z.string().nullable(),
      approvedFiles: z.array(z.object({ fileId: z.number().int(), sha256: z.string() })).nullable(),
    })
    .nullable(),
});
export type ProofOutput = z.infer<typeof proofOutput>;

/** Newest version first. */
export const customerProofListOutput = z.object({
  jobNumber: z.string(),
  jobTitle: z.string(),
  proofs: z.array(proofOutput),
});
export type CustomerProofList = z.infer<typeof customerProofListOutput>;

/** Jobs with a proof waiting for the customer (dashboard banner). */
export const customerProofsWaitingOutput = z.array(
  z.object({ jobNumber: z.string(), title: z.string(), version: z.number().int() }),
);

export const customerProofDecisionOutput = z.object({
  version: z.number().int(),
  state: proofStateSchema,
});
