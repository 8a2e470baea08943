import { TRPCClientError, type TRPCLink } from "@trpc/client";
import { observable } from "@trpc/server/observable";
import type { DesktopRouter } from "../../core/desktop-router.ts";

/** tRPC over the preload's one channel (Electron). Errors arrive as values and become TRPCClientErrors. */
export function ipcLink(): TRPCLink<DesktopRouter> {
  return () =>
    ({ op }) =>
      observable((observer) => {
        const bridge = window.traveler;
        if (!bridge) {
          observer.error(TRPCClientError.from(new Error("The desktop bridge is missing.")));
          return () => {};
        }
        if (op.type === "subscription") {
          observer.error(TRPCClientError.from(new Error("Subscriptions are not used over IPC.")));
          return () => {};
        }
        let cancelled = false;
        bridge
          .invoke({ type: op.type, path: op.path, input: op.input })
          .then((response) => {
            if (cancelled) return;
            if (response.ok) {
              observer.next({ result: { type: "data", data: response.value } });
              observer.complete();
            } else {
              observer.error(
                TRPCClientError.from({
                  error: {
                    message: response.error.message,
                    code: -32_600,
                    data: { code: response.error.code, ...(response.error.data as object) },
                  },
                }),
              );
            }
          })
          .catch((error: unknown) => {
            if (!cancelled) observer.error(TRPCClientError.from(error as Error));
          });
        return () => {
          cancelled = true;
        };
      });
}
