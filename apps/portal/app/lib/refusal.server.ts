import { data } from "@remix-run/node";
import { TRPCError } from "@trpc/server";

/**
 * What an action answers when the API refused a write: "not found" is the 404 page, a refused
 * input (400) or a lost race (409) comes back to the page with the API's message; anything else
 * is rethrown.
 */
export function refusal(error: unknown, notFoundMessage: string) {
  if (error instanceof TRPCError && error.code === "NOT_FOUND") {
    throw data({ message: notFoundMessage }, { status: 404 });
  }
  if (error instanceof TRPCError && (error.code === "CONFLICT" || error.code === "BAD_REQUEST")) {
    return data({ error: error.message }, { status: error.code === "CONFLICT" ? 409 : 400 });
  }
  throw error;
}
