import { z } from "zod";
import { customerJobOutput } from "./customer.ts";
import { feedbackMineOutput } from "./feedback.ts";
import { customerJobFileOutput } from "./files.ts";
import { customerJobTimelineOutput } from "./job-timeline.ts";
import { customerUnreadOutput, threadMessageSchema } from "./messages.ts";
import { customerProofsWaitingOutput } from "./proofs.ts";

/**
 * The customer's job page in one answer (`customer.jobPage`): each part is the output of the
 * procedure that serves it alone, so the page can show nothing those would not.
 */
export const customerJobPageOutput = customerJobOutput.extend({
  files: z.array(customerJobFileOutput),
  timeline: customerJobTimelineOutput,
  messages: z.array(threadMessageSchema),
  /** Completed jobs only (as `feedback.mine`). */
  feedback: feedbackMineOutput.nullable(),
});

/** The dashboard's notices (`customer.notices`): as `messages.unread` and `proofs.waiting`. */
export const customerNoticesOutput = z.object({
  unread: customerUnreadOutput,
  proofsWaiting: customerProofsWaitingOutput,
});
