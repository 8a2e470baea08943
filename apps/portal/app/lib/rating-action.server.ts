import { data } from "@remix-run/node";
import { ratingFieldsSchema } from "@traveler/api/schemas";
import { TRPCError } from "@trpc/server";
import type { RatingFormErrors } from "../components/rating-form.tsx";
import { parseForm, readForm } from "./form.server.ts";

export type RatingActionResult =
  | { ok: true; errors: null; values: null; message: null }
  | {
      ok: false;
      errors: RatingFormErrors;
      values: { rating: string; comment: string };
      message: null;
    }
  | { ok: false; errors: null; values: null; message: string };

/**
 * The rating form's post, for both ways of rating: parsed by the API's schema; field errors
 * (400) keep what was typed; the API's refusals (already rated, a bad link) become a message.
 */
export async function handleRatingPost(
  request: Request,
  save: (value: { rating: number; comment: string }) => Promise<unknown>,
) {
  const form = await readForm(request);
  const parsed = parseForm(form, ratingFieldsSchema);
  const values = {
    rating: String(form.get("rating") ?? ""),
    comment: String(form.get("comment") ?? ""),
  };
  if (!parsed.ok) {
    return data<RatingActionResult>(
      { ok: false, errors: parsed.errors, values, message: null },
      { status: 400 },
    );
  }
  try {
    await save(parsed.value);
    return data<RatingActionResult>({ ok: true, errors: null, values: null, message: null });
  } catch (error) {
    if (error instanceof TRPCError && (error.code === "CONFLICT" || error.code === "BAD_REQUEST")) {
      return data<RatingActionResult>(
        { ok: false, errors: null, values: null, message: error.message },
        { status: error.code === "CONFLICT" ? 409 : 400 },
      );
    }
    throw error;
  }
}
