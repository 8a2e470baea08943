import { z } from "zod";
import { type JobStatusValue, jobNumberSchema } from "./common.ts";
import { type CustomerJobOutput, customerJobOutput } from "./customer.ts";

/**
 * The job's timeline (issue 13): status changes and every proof version's story (sent, comments
 * and pins, the decision, superseded), interleaved by time, newest first. Read-only. One builder
 * (`buildJobTimeline`) serves the API (both sides) and the console (from its cache), so the three
 * tell the same story. Staff-only facts (who sent, the decision's IP and user agent) are added
 * only for staff, and the customer's output is parsed by `customerJobTimelineOutput`.
 */

export const jobTimelineInput = z.object({ jobNumber: jobNumberSchema });

const fileName = z.object({ fileName: z.string() });

/** Fields of proof events both sides see. */
const proofEventShapes = {
  sent: z.object({
    type: z.literal("proof_sent"),
    key: z.string(),
    at: z.string(),
    version: z.number().int(),
    message: z.string(),
    files: z.array(fileName),
  }),
  /** A comment on a version; a pin comment carries its number ("pin 1"). */
  comment: z.object({
    type: z.literal("proof_comment"),
    key: z.string(),
    at: z.string(),
    version: z.number().int(),
    body: z.string(),
    pin: z.number().int().nullable(),
    authorName: z.string(),
    byCustomer: z.boolean(),
  }),
  changes: z.object({
    type: z.literal("proof_changes_requested"),
    key: z.string(),
    at: z.string(),
    version: z.number().int(),
    /** The change request's comment (its pins are comment events just before it). */
    comment: z.string(),
  }),
  approved: z.object({
    type: z.literal("proof_approved"),
    key: z.string(),
    at: z.string(),
    version: z.number().int(),
    /** The name the customer typed. */
    name: z.string(),
    files: z.array(z.object({ fileName: z.string(), sha256: z.string() })),
  }),
  superseded: z.object({
    type: z.literal("proof_superseded"),
    key: z.string(),
    at: z.string(),
    version: z.number().int(),
    by: z.number().int(),
  }),
};

const customerStatusEvent = z.object({
  type: z.literal("status"),
  key: z.string(),
  at: z.string(),
  entry: customerJobOutput.shape.history.element,
});

export const customerTimelineEventSchema = z.discriminatedUnion("type", [
  customerStatusEvent,
  proofEventShapes.sent,
  proofEventShapes.comment,
  proofEventShapes.changes,
  proofEventShapes.approved,
  proofEventShapes.superseded,
]);

/** What the customer's job page gets: newest first, and the version waiting for them. */
export const customerJobTimelineOutput = z.object({
  waitingVersion: z.number().int().nullable(),
  events: z.array(customerTimelineEventSchema),
});
export type CustomerJobTimeline = z.infer<typeof customerJobTimelineOutput>;
export type CustomerTimelineEvent = z.infer<typeof customerTimelineEventSchema>;

/** Where a decision came from: staff only. */
interface DecisionOrigin {
  ip?: string | null;
  userAgent?: string | null;
}

/** A proof event; the optional fields are set for staff only. */
export type ProofTimelineEvent =
  | (z.infer<typeof proofEventShapes.sent> & { sentBy?: string | null })
  | z.infer<typeof proofEventShapes.comment>
  | (z.infer<typeof proofEventShapes.changes> & DecisionOrigin)
  | (z.infer<typeof proofEventShapes.approved> & DecisionOrigin)
  | z.infer<typeof proofEventShapes.superseded>;

/** A status change as staff see it. */
export interface StaffHistoryEntry {
  id: number;
  status: JobStatusValue;
  progress: number | null;
  notes: string;
  visibleToCustomer: boolean;
  kind: "status" | "due";
  dueFrom: string | null;
  dueTo: string | null;
  createdAt: string;
  updatedBy: string | null;
}
/** A status change as the customer sees it: no id, no staff name, never an internal one. */
export type CustomerHistoryEntry = CustomerJobOutput["history"][number];

/** A status change as the caller keeps it (the customer's or the staff's history entry). */
export type TimelineEvent<H> =
  | { type: "status"; key: string; at: string; entry: H }
  | ProofTimelineEvent;

/** A proof version, in the fields the timeline needs (from the API's loader or the cache). */
export interface TimelineProof {
  version: number;
  state: "waiting" | "approved" | "changes_requested" | "superseded";
  message: string;
  sentAt: string;
  sentBy: string | null;
  /** The files the audience may see, in order. */
  files: { id: number; fileName: string; sha256: string }[];
  comments: {
    body: string;
    byCustomer: boolean;
    authorName: string;
    pinNumber: number | null;
    createdAt: string;
  }[];
  decision: {
    at: string;
    name: string | null;
    approvedFiles: { fileId: number; sha256: string }[] | null;
    ip: string | null;
    userAgent: string | null;
  } | null;
}

export interface JobTimeline<H> {
  /** The proof version waiting for the customer's answer, if any. */
  waitingVersion: number | null;
  events: TimelineEvent<H>[];
}
export type StaffJobTimeline = JobTimeline<StaffHistoryEntry>;

export type TimelineAudience = "customer" | "staff";

/** The first 12 hex digits of a sha256, as the timelines print it. */
export function shortSha256(sha256: string): string {
  return sha256.slice(0, 12);
}

/** One version's events in the order they happened. */
function proofEvents(
  proof: TimelineProof,
  previous: TimelineProof | undefined,
  audience: TimelineAudience,
): ProofTimelineEvent[] {
  const staff = audience === "staff";
  const { version, decision } = proof;
  const events: ProofTimelineEvent[] = [
    {
      type: "proof_sent",
      key: `v${version}-sent`,
      at: proof.sentAt,
      version,
      message: proof.message,
      files: proof.files.map((f) => ({ fileName: f.fileName })),
      ...(staff ? { sentBy: proof.sentBy } : {}),
    },
  ];
  // Sending a version replaces the one still waiting (the only way a version is superseded).
  if (previous?.state === "superseded") {
    events.push({
      type: "proof_superseded",
      key: `v${previous.version}-superseded`,
      at: proof.sentAt,
      version: previous.version,
      by: version,
    });
  }
  const origin = staff && decision ? { ip: decision.ip, userAgent: decision.userAgent } : {};
  // A change request stores its comment first, then one comment per pin: the comment becomes
  // the decision's text; the pins (and any other comment) are comment events at the decision.
  const changeComment =
    proof.state === "changes_requested"
      ? proof.comments.find((c) => c.byCustomer && c.pinNumber === null)
      : undefined;
  for (const [n, c] of proof.comments.entries()) {
    if (c === changeComment) continue;
    events.push({
      type: "proof_comment",
      key: `v${version}-comment-${n}`,
      at: decision && c.byCustomer ? decision.at : c.createdAt,
      version,
      body: c.body,
      pin: c.pinNumber,
      authorName: c.authorName,
      byCustomer: c.byCustomer,
    });
  }
  if (decision && proof.state === "changes_requested") {
    events.push({
      type: "proof_changes_requested",
      key: `v${version}-changes`,
      at: decision.at,
      version,
      comment: changeComment?.body ?? "",
      ...origin,
    });
  }
  if (decision && proof.state === "approved") {
    const byId = new Map(proof.files.map((f) => [f.id, f]));
    events.push({
      type: "proof_approved",
      key: `v${version}-approved`,
      at: decision.at,
      version,
      name: decision.name ?? "",
      // A file the audience may not see (hidden after sending) is left out.
      files: (decision.approvedFiles ?? []).flatMap((a) => {
        const file = byId.get(a.fileId);
        return file ? [{ fileName: file.fileName, sha256: a.sha256 }] : [];
      }),
      ...origin,
    });
  }
  return events;
}

/**
 * Status changes and proof events interleaved by time, newest first. Events at the same instant
 * keep their story's order (a version's pins before its change request; a superseded version
 * after the version that replaced it was sent).
 */
export function buildJobTimeline<H extends { createdAt: string }>(
  history: H[],
  proofs: TimelineProof[],
  audience: TimelineAudience,
): TimelineEvent<H>[] {
  const oldestFirst = [...proofs].sort((a, b) => a.version - b.version);
  const story: TimelineEvent<H>[] = [
    // Keys count from the oldest entry, so they stay put as newer ones arrive.
    ...[...history].reverse().map((entry, n) => ({
      type: "status" as const,
      key: `status-${n}`,
      at: entry.createdAt,
      entry,
    })),
    ...oldestFirst.flatMap((p, i) => proofEvents(p, oldestFirst[i - 1], audience)),
  ];
  // Stable sort by time, oldest first; then newest first for the page.
  const ranked = story.map((event, index) => ({ event, index, t: Date.parse(event.at) }));
  ranked.sort((a, b) => a.t - b.t || a.index - b.index);
  return ranked.map((r) => r.event).reverse();
}
