import { useRevalidator } from "@remix-run/react";
import { useEffect, useRef, useState } from "react";

/**
 * With JS on: listens to /customer/events (server-sent events for the signed-in customer's
 * jobs) and reloads the page's data when one of them changes. Without JS nothing renders.
 */
export function LiveUpdates() {
  const revalidator = useRevalidator();
  const revalidate = useRef(revalidator.revalidate);
  revalidate.current = revalidator.revalidate;
  const [state, setState] = useState<"off" | "live" | "updated">("off");

  useEffect(() => {
    const source = new EventSource("/customer/events");
    let timer: ReturnType<typeof setTimeout> | undefined;
    source.addEventListener("open", () => setState((s) => (s === "off" ? "live" : s)));
    source.addEventListener("change", () => {
      clearTimeout(timer);
      // Coalesce a burst of changes into one reload.
      timer = setTimeout(() => {
        revalidate.current();
        setState("updated");
      }, 100);
    });
    source.addEventListener("error", () => setState("off"));
    return () => {
      clearTimeout(timer);
      source.close();
    };
  }, []);

  return (
    <p className="live-status m-0 text-body-secondary" aria-live="polite" data-live={state}>
      {state === "off" ? null : state === "live" ? "Live updates on" : "Updated just now"}
    </p>
  );
}
