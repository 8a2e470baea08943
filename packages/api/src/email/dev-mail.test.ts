import { describe, expect, it } from "vitest";
import { isDevMailEnabled } from "./dev-mail.ts";

describe("the development mail page", () => {
  it("is on without SMTP on the embedded database, even under npm start (production)", () => {
    expect(
      isDevMailEnabled({ smtpUrl: undefined, embeddedDatabase: true, nodeEnv: "production" }),
    ).toBe(true);
  });
  it("is on without SMTP in development against a real database", () => {
    expect(
      isDevMailEnabled({ smtpUrl: undefined, embeddedDatabase: false, nodeEnv: "development" }),
    ).toBe(true);
  });
  it("is off in production with a real database", () => {
    expect(
      isDevMailEnabled({ smtpUrl: undefined, embeddedDatabase: false, nodeEnv: "production" }),
    ).toBe(false);
  });
  it("is off whenever SMTP is configured", () => {
    expect(
      isDevMailEnabled({
        smtpUrl: "smtp://mail:25",
        embeddedDatabase: true,
        nodeEnv: "development",
      }),
    ).toBe(false);
  });
});
