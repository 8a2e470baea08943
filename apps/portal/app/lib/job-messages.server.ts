import type { AppLoadContext } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { customerSendMessageInput, staffReplyInput } from "@traveler/api/schemas";
import { apiFor, orNotFound } from "./api.server.ts";
import { parseForm, readForm } from "./form.server.ts";
import { requireCustomer, requireStaff } from "./session.server.ts";

/**
 * Posting a message from a job page (plain form, no JavaScript needed). Success redirects to the
 * thread (post/redirect/get); a refused body answers 400 with the message and what was typed.
 */
export async function postMessage(
  request: Request,
  context: AppLoadContext,
  jobNumber: string,
  side: "customer" | "staff",
) {
  const form = await readForm(request);
  if (side === "customer") {
    const session = await requireCustomer(request, context);
    const parsed = parseForm(form, customerSendMessageInput.omit({ jobNumber: true }));
    if (!parsed.ok) return refused(form, parsed.errors.body);
    await orNotFound(
      () =>
        apiFor(request, context, session).customer.messages.send({
          jobNumber,
          body: parsed.value.body,
        }),
      "We could not find that job.",
    );
    return redirect(`/customer/job/${jobNumber}?sent=1#messages`);
  }
  const session = await requireStaff(request, context);
  const parsed = parseForm(form, staffReplyInput.omit({ jobNumber: true }));
  if (!parsed.ok) return refused(form, parsed.errors.body ?? parsed.errors.idempotencyKey);
  await orNotFound(
    () => apiFor(request, context, session).staff.messages.reply({ jobNumber, ...parsed.value }),
    "We could not find that job.",
  );
  return redirect(`/admin/job/${jobNumber}?sent=1#messages`);
}

function refused(form: FormData, message: string | undefined) {
  const body = form.get("body");
  return data(
    { error: message ?? "Write a message.", body: typeof body === "string" ? body : "" },
    { status: 400 },
  );
}
