import { describe, expect, test } from "vitest";
import { isSameOrigin } from "./origin-check.ts";

const base = { host: "localhost:3000", publicUrl: "http://localhost:3000", referer: undefined };

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
});
