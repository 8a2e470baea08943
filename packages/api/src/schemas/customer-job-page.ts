import { z } from "zod";
import { customerJobOutput } from "./customer.ts";
import { feedbackMineOutput } from "./feedback.ts";
import { customerJobFileOutput } from "./files.ts";
import { customerJobTimelineOutput } from "./job-timeline.ts";
import { threadMessageSchema } from "./messages.ts";

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
