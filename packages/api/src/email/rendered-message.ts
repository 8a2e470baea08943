/** A message ready for the outbox row and for SMTP. */
export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
  /** Extra mail headers (List-Unsubscribe, ...). */
  headers: Record<string, string>;
}
