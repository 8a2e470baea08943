import { describe, expect, test } from "vitest";
import { parseLoginForm } from "./login-schema.ts";

function form(values: Record<string, string>): FormData {
  const f = new FormData();
  for (const [k, v] of Object.entries(values)) f.set(k, v);
  return f;
}

describe("parseLoginForm", () => {
  test("accepts a customer's email and password", () => {
    const result = parseLoginForm(
      form({ kind: "customer", email: " maria@example.com ", password: "pw" }),
    );
    expect(result).toEqual({
      ok: true,
      value: { kind: "customer", email: "maria@example.com", password: "pw" },
    });
  });

  test("names each missing field beside it", () => {
    const result = parseLoginForm(form({ kind: "customer" }));
    expect(result).toEqual({
      ok: false,
      errors: { email: "Enter your email address.", password: "Enter your password." },
    });
  });

  test("rejects a malformed email", () => {
    const result = parseLoginForm(form({ kind: "customer", email: "maria", password: "x" }));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.errors.email).toMatch(/email address like/);
  });

  test("staff sign in with a username; the email field is ignored", () => {
    const result = parseLoginForm(
      form({ kind: "staff", email: "ignored", username: "sam", password: "pw" }),
    );
    expect(result).toEqual({ ok: true, value: { kind: "staff", username: "sam", password: "pw" } });
  });
});
