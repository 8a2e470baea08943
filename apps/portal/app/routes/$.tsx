import { data } from "@remix-run/node";
import { GeneralErrorBoundary } from "../components/general-error-boundary.tsx";

/**
 * Every address no other route matches: the branded 404 page inside the layout (shop name, and
 * the signed-in header when someone is signed in), not the router's bare "No route matches".
 */
export function loader() {
  throw data({ message: "We could not find that page." }, { status: 404 });
}

export function action() {
  throw data({ message: "We could not find that page." }, { status: 404 });
}

export default function NotFound() {
  return null;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
