/**
 * The ALTCHA human check (a web component, self-hosted, no third party), loaded only on a page
 * that shows the check: the sign-in form after repeated failures.
 */
import "altcha";
