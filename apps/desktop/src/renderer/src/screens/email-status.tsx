/** The outbox's message states as the console shows them (issue 6). */
export const EMAIL_STATUSES = ["queued", "sending", "sent", "failed", "dead", "cancelled"] as const;
export type EmailStatus = (typeof EMAIL_STATUSES)[number];

export const EMAIL_STATUS_LABELS: Record<EmailStatus, string> = {
  queued: "Queued",
  sending: "Sending",
  sent: "Sent",
  failed: "Failed",
  dead: "Dead",
  cancelled: "Cancelled",
};

/** One message as `email.forCustomer` / `email.outbox.list` return it. */
export interface SentEmail {
  id: number;
  kind: string;
  to: string;
  subject: string;
  status: EmailStatus;
  attempts: number;
  createdAt: string;
  sentAt: string | null;
  lastError: string | null;
}

const KIND_LABELS: Record<string, string> = {
  invite: "Portal invite",
  job_update: "Job update",
  reset: "Password reset",
};

export function kindLabel(kind: string): string {
  return KIND_LABELS[kind] ?? kind.replaceAll("_", " ");
}

export function EmailStatusPill({ status }: { status: EmailStatus }) {
  return <span className={`status email-${status}`}>{EMAIL_STATUS_LABELS[status]}</span>;
}
