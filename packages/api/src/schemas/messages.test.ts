import { describe, expect, it } from "vitest";
import { isNewToReader, MESSAGE_NEW_WINDOW_MS } from "./messages.ts";

describe("a message marked New for its reader", () => {
  const now = Date.parse("2026-12-04T10:00:00Z");
  it("while unread, and for a while after it was first seen (a page refreshing itself keeps it)", () => {
    expect(isNewToReader(null, now)).toBe(true);
    expect(isNewToReader(new Date(now - 1_000).toISOString(), now)).toBe(true);
    expect(isNewToReader(new Date(now - MESSAGE_NEW_WINDOW_MS + 1).toISOString(), now)).toBe(true);
  });
  it("no longer once the window has passed", () => {
    expect(isNewToReader(new Date(now - MESSAGE_NEW_WINDOW_MS).toISOString(), now)).toBe(false);
    expect(isNewToReader("2026-01-01T00:00:00Z", now)).toBe(false);
  });
});
