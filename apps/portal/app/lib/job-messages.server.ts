import type { AppLoadContext } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { customerSendMessageInput, staffReplyInput } from "@traveler/api/schemas";
import { TRPCError } from "@trpc/server";
import { apiFor } from "./api.server.ts";
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
    const sent = await refusedOr(form, () =>
      orNotFoundOnly(() =>
        apiFor(request, context, session).customer.messages.send({ jobNumber, ...parsed.value }),
      ),
    );
    if (sent) return sent;
    return redirect(`/customer/job/${jobNumber}?sent=1#messages`);
  }
  const session = await requireStaff(request, context);
  const parsed = parseForm(form, staffReplyInput.omit({ jobNumber: true }));
  if (!parsed.ok) return refused(form, parsed.errors.body ?? parsed.errors.idempotencyKey);
  const sent = await refusedOr(form, () =>
    orNotFoundOnly(() =>
      apiFor(request, context, session).staff.messages.reply({ jobNumber, ...parsed.value }),
    ),
  );
  if (sent) return sent;
  return redirect(`/admin/job/${jobNumber}?sent=1#messages`);
}

/** A missing job is the 404 page; other refusals stay for `refusedOr`. */
async function orNotFoundOnly<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    if (error instanceof TRPCError && error.code === "NOT_FOUND") {
      throw data({ message: "We could not find that job." }, { status: 404 });
    }
    throw error;
  }
}

/** Runs the send; a refusal (e.g. a file that cannot be attached) answers 400 with its reason. */
async function refusedOr(form: FormData, call: () => Promise<unknown>) {
  try {
    await call();
    return null;
  } catch (error) {
    if (error instanceof TRPCError && error.code === "BAD_REQUEST")
      return refused(form, error.message);
    throw error;
  }
}

function refused(form: FormData, message: string | undefined) {
  const body = form.get("body");
  return data(
    { error: message ?? "Write a message.", body: typeof body === "string" ? body : "" },
    { status: 400 },
  );
}
