import { useNonce } from "../lib/nonce.tsx";
import { ModuleScript } from "../lib/page-assets.tsx";

/**
 * With JS on, the `live` module listens to the customer's server-sent events and refreshes the
 * page's content when one of the changes concerns it (`jobNumber`: only that job). Without JS
 * nothing happens: the page is current when loaded.
 */
export function LiveUpdates({ jobNumber }: { jobNumber?: string }) {
  const nonce = useNonce();
  return (
    <>
      <p
        className="live-status m-0 text-body-secondary"
        aria-live="polite"
        data-live-source="/customer/events"
        data-live-job={jobNumber}
      />
      <ModuleScript name="live" nonce={nonce} />
    </>
  );
}
