import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { GeneralErrorBoundary } from "../components/general-error-boundary.tsx";
import { SetPasswordPage } from "../components/set-password-page.tsx";
import { setPasswordAction, setPasswordLoader } from "../lib/set-password.server.ts";

export const meta: MetaFunction = () => [
  { title: "Choose a password · Customer portal" },
  // The token in the address never leaves the site: the portal-wide Referrer-Policy is
  // same-origin (no-referrer would make the plain form POST carry "Origin: null").
];

export const loader = ({ request, context, params }: LoaderFunctionArgs) =>
  setPasswordLoader(request, context, params.token ?? "");

export const action = ({ request, context, params }: ActionFunctionArgs) =>
  setPasswordAction(request, context, params.token ?? "");

export default SetPasswordPage;

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
