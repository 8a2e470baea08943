import { useNavigation } from "@remix-run/react";
import type { ReactNode } from "react";

/**
 * A submit button that shows it is working: disabled with a spinner while its form submits.
 * `intent` distinguishes several buttons on one page.
 */
export function SubmitButton({
  children,
  pendingText,
  className = "btn btn-primary",
  name,
  value,
  formAction,
}: {
  children: ReactNode;
  pendingText: string;
  className?: string;
  name?: string;
  value?: string;
  formAction?: string;
}) {
  const navigation = useNavigation();
  const pending =
    navigation.state === "submitting" &&
    (name === undefined || navigation.formData?.get(name) === value) &&
    (formAction === undefined || navigation.formAction === formAction);
  return (
    <button
      type="submit"
      className={className}
      disabled={pending}
      aria-disabled={pending}
      name={name}
      value={value}
      formAction={formAction}
    >
      {pending ? (
        <>
          <span className="spinner-border spinner-border-sm me-2" aria-hidden="true" />
          <span role="status">{pendingText}</span>
        </>
      ) : (
        children
      )}
    </button>
  );
}
