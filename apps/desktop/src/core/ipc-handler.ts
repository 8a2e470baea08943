import { TRPCError } from "@trpc/server";
import { getErrorShape } from "@trpc/server/unstable-core-do-not-import";
import type { IpcRequest, IpcResponse } from "../shared/ipc.ts";
import { type DesktopContext, desktopRouter } from "./desktop-router.ts";

/** Runs one renderer operation against the desktop router; never throws. */
export async function handleIpcRequest(
  ctx: DesktopContext,
  request: IpcRequest,
): Promise<IpcResponse> {
  const caller = desktopRouter.createCaller(ctx);
  try {
    let target: unknown = caller;
    for (const key of request.path.split(".")) {
      target = (target as Record<string, unknown> | undefined)?.[key];
    }
    if (typeof target !== "function") {
      throw new TRPCError({ code: "NOT_FOUND", message: `No procedure ${request.path}` });
    }
    const value = await (target as (input: unknown) => Promise<unknown>)(request.input);
    return { ok: true, value };
  } catch (cause) {
    const error =
      cause instanceof TRPCError
        ? cause
        : new TRPCError({ code: "INTERNAL_SERVER_ERROR", message: String(cause), cause });
    const shape = getErrorShape({
      config: desktopRouter._def._config,
      error,
      type: request.type,
      path: request.path,
      input: request.input,
      ctx,
    });
    return { ok: false, error: { message: shape.message, code: error.code, data: shape.data } };
  }
}
