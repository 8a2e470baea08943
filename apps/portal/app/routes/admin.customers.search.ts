import type { LoaderFunctionArgs } from "@remix-run/node";
import { TRPCError } from "@trpc/server";
import { getHTTPStatusCodeFromError } from "@trpc/server/http";
import { apiFor } from "../lib/api.server.ts";
import { requireStaff } from "../lib/session.server.ts";

/** Matches for the customer picker's type-ahead (app/modules/customer-picker.ts), staff only. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  const session = await requireStaff(request, context);
  const q = (new URL(request.url).searchParams.get("q") ?? "").trim().slice(0, 200);
  const headers = { "Cache-Control": "private, no-store" };
  if (!q) return Response.json({ total: 0, items: [] }, { headers });
  try {
    const list = await apiFor(request, context, session).staff.customers.list({ q, limit: 20 });
    return Response.json(
      {
        total: list.total,
        items: list.items.map((c) => ({
          id: c.id,
          name: c.name,
          company: c.company,
          email: c.email,
        })),
      },
      { headers },
    );
  } catch (error) {
    // A refused search (e.g. a NUL character) is the API's 4xx with its message, never a 500.
    const status = error instanceof TRPCError ? getHTTPStatusCodeFromError(error) : 500;
    if (status >= 500) throw error;
    return Response.json({ message: (error as TRPCError).message }, { status, headers });
  }
}
