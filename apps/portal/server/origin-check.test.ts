import { describe, expect, test } from "vitest";
import { isSameOrigin } from "./origin-check.ts";

const base = {
  host: "localhost:3000",
  publicUrl: "http://localhost:3000",
  referer: undefined,
  path: "/login",
};

describe("isSameOrigin", () => {
  test("lets GET through whatever the Origin", () => {
    expect(isSameOrigin({ ...base, method: "GET", origin: "https://evil.example" })).toBe(true);
  });

  test("accepts a POST from the same host", () => {
    expect(isSameOrigin({ ...base, method: "POST", origin: "http://localhost:3000" })).toBe(true);
  });

  test("refuses a POST from another site", () => {
    expect(isSameOrigin({ ...base, method: "POST", origin: "https://evil.example" })).toBe(false);
  });

  test("refuses a POST whose origin differs only by port", () => {
    expect(isSameOrigin({ ...base, method: "POST", origin: "http://localhost:4000" })).toBe(false);
  });

  test("falls back to the Referer when Origin is absent", () => {
    expect(
      isSameOrigin({
        ...base,
        method: "POST",
        origin: undefined,
        referer: "https://evil.example/page",
      }),
    ).toBe(false);
    expect(
      isSameOrigin({
        ...base,
        method: "POST",
        origin: undefined,
        referer: "http://localhost:3000/login",
      }),
    ).toBe(true);
  });

  test("refuses an opaque (null) origin", () => {
    expect(isSameOrigin({ ...base, method: "POST", origin: "null" })).toBe(false);
  });

  test("accepts the public URL's host behind a proxy that rewrites Host", () => {
    expect(
      isSameOrigin({
        method: "POST",
        path: "/login",
        origin: "https://portal.shop.example",
        referer: undefined,
        host: "127.0.0.1:3000",
        publicUrl: "https://portal.shop.example",
      }),
    ).toBe(true);
  });

  test("lets a header-less client (console with Bearer token) through", () => {
    expect(isSameOrigin({ ...base, method: "POST", origin: undefined })).toBe(true);
  });

  test("lets a one-click unsubscribe POST with Origin null or a mail provider's origin through", () => {
    const path = "/unsubscribe/v1.abc123.signature";
    expect(isSameOrigin({ ...base, method: "POST", path, origin: "null" })).toBe(true);
    expect(
      isSameOrigin({ ...base, method: "POST", path, origin: "https://mail.provider.example" }),
    ).toBe(true);
  });

  test("still refuses a cross-origin POST to other paths under /unsubscribe", () => {
    expect(
      isSameOrigin({ ...base, method: "POST", path: "/unsubscribe/x/y", origin: "null" }),
    ).toBe(false);
    expect(
      isSameOrigin({
        ...base,
        method: "POST",
        path: "/unsubscribe",
        origin: "https://evil.example",
      }),
    ).toBe(false);
  });
});
