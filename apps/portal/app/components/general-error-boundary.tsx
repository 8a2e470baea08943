import {
  Form,
  isRouteErrorResponse,
  Link,
  useLocation,
  useRouteError,
  useRouteLoaderData,
} from "@remix-run/react";
import type { ReactNode } from "react";
import { useFaults } from "../lib/faults.tsx";
import { isWrongRoleData } from "../lib/wrong-role.ts";

interface RootData {
  requestId: string;
}

function messageOf(data: unknown): string | null {
  if (typeof data === "string" && data) return data;
  if (
    typeof data === "object" &&
    data &&
    typeof (data as { message?: unknown }).message === "string"
  ) {
    return (data as { message: string }).message;
  }
  return null;
}

/** One error page for every route: 404, wrong role, expired session, 500 with the request id. */
export function GeneralErrorBoundary() {
  const error = useRouteError();
  const root = useRouteLoaderData<RootData>("root");
  const requestId = root?.requestId;
  const faults = useFaults();
  const location = useLocation();

  if (isRouteErrorResponse(error)) {
    if (isWrongRoleData(error.data) && error.data.wanted === "admin") {
      return (
        <ErrorPanel title="This page is for shop admins">
          <p>
            You are signed in as <strong>{error.data.signedInAs.name}</strong> (shop staff). Only an
            admin can open this page; ask one, or sign in with an admin account.
          </p>
          <div className="d-flex flex-wrap gap-2">
            <Form method="post" action="/admin/logout">
              <input type="hidden" name="next" value="/login" />
              <button type="submit" className="btn btn-primary">
                Switch account
              </button>
            </Form>
            <Link className="btn btn-outline-secondary" to="/admin">
              Back to my job board
            </Link>
          </div>
        </ErrorPanel>
      );
    }
    if (isWrongRoleData(error.data)) {
      const { wanted, signedInAs } = error.data;
      const as = signedInAs.type === "customer" ? "a customer" : "shop staff";
      return (
        <ErrorPanel
          title={wanted === "staff" ? "This page is for shop staff" : "This page is for customers"}
        >
          <p>
            You are signed in as <strong>{signedInAs.name}</strong> ({as}). To open this page, sign
            out and sign in with a {wanted === "staff" ? "staff" : "customer"} account.
          </p>
          <div className="d-flex flex-wrap gap-2">
            <Form
              method="post"
              action={signedInAs.type === "customer" ? "/customer/logout" : "/admin/logout"}
            >
              <input type="hidden" name="next" value="/login" />
              <button type="submit" className="btn btn-primary">
                Switch account
              </button>
            </Form>
            <Link
              className="btn btn-outline-secondary"
              to={signedInAs.type === "customer" ? "/customer/dashboard" : "/admin"}
            >
              Back to my {signedInAs.type === "customer" ? "jobs" : "job board"}
            </Link>
          </div>
        </ErrorPanel>
      );
    }
    if (error.status === 404) {
      return (
        <ErrorPanel title="Page not found">
          <p>
            {messageOf(error.data) ?? "We could not find that page."} Check the address, or go back
            to your list.
          </p>
          <Link to="/" className="btn btn-primary">
            Go to the start page
          </Link>
        </ErrorPanel>
      );
    }
    if (error.status === 401) {
      return (
        <ErrorPanel title="Your session has ended">
          <p>Please sign in again to continue.</p>
          <Link to="/login?reason=expired" className="btn btn-primary">
            Sign in
          </Link>
        </ErrorPanel>
      );
    }
    return (
      <ErrorPanel title={error.status === 429 ? "Too many requests" : "Something is not right"}>
        <p>{messageOf(error.data) ?? error.statusText}</p>
        <Link to="/" className="btn btn-primary">
          Go to the start page
        </Link>
      </ErrorPanel>
    );
  }
  if (faults.apiError) {
    const { status, message } = faults.apiError;
    const title =
      status === 404
        ? "Page not found"
        : status === 403
          ? "Not for this account"
          : status === 429
            ? "Too many requests"
            : "Something is not right";
    return (
      <ErrorPanel title={title}>
        <p>{message}</p>
        <Link to="/" className="btn btn-primary">
          Go to the start page
        </Link>
      </ErrorPanel>
    );
  }
  if (faults.databaseUnavailable) {
    return (
      <ErrorPanel title="Back in a moment">
        <p>
          We cannot reach our records right now, so this page cannot be shown (and anything you were
          saving was not saved). Please try again in a minute.
        </p>
        <Link
          to={`${location.pathname}${location.search}`}
          reloadDocument
          className="btn btn-primary"
        >
          Try again
        </Link>
      </ErrorPanel>
    );
  }
  return (
    <ErrorPanel title="Something went wrong">
      <p>
        Sorry, the page could not be shown. Please try again in a moment. If it keeps happening,
        call the shop and mention this reference:
      </p>
      <p>
        <code>{requestId ?? "unknown"}</code>
      </p>
      <Link to="/" className="btn btn-primary">
        Go to the start page
      </Link>
    </ErrorPanel>
  );
}

function ErrorPanel({ title, children }: { title: string; children: ReactNode }) {
  return (
    <div className="card shadow-sm mx-auto error-panel">
      <div className="card-body">
        <h1 className="h3">{title}</h1>
        {children}
      </div>
    </div>
  );
}
