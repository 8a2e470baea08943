import { describe, expect, it } from "vitest";
import {
  dayInZone,
  daysUntil,
  formatDateTime,
  formatDay,
  isTimeZone,
  relativeDay,
} from "./shop-time.ts";

describe("shop time", () => {
  it("a shop west of UTC in the evening: its day is still today, not UTC's tomorrow", () => {
    // 5:30 PM in Portland on 24 Nov = 01:30 UTC on 25 Nov.
    const evening = new Date("2026-11-25T01:30:00Z");
    expect(dayInZone(evening, "UTC")).toBe("2026-11-25");
    expect(dayInZone(evening, "America/Los_Angeles")).toBe("2026-11-24");
    const today = dayInZone(evening, "America/Los_Angeles");
    expect(relativeDay("2026-11-24", today)).toBe("today");
    expect(relativeDay("2026-11-26", today)).toBe("in 2 days");
    expect(formatDateTime(evening, "America/Los_Angeles")).toBe("Tue 24 Nov 2026, 5:30 PM PST");
  });

  it("across a DST change the clock time and the label follow the shop's zone", () => {
    // US DST ends 1 Nov 2026 at 2:00 local: 9:00 UTC is 2:00 PDT... and 1:00 PST after.
    expect(formatDateTime("2026-10-31T16:00:00Z", "America/Los_Angeles")).toBe(
      "Sat 31 Oct 2026, 9:00 AM PDT",
    );
    expect(formatDateTime("2026-11-02T17:00:00Z", "America/Los_Angeles")).toBe(
      "Mon 2 Nov 2026, 9:00 AM PST",
    );
    // The day the clocks change has 25 hours; day counting stays whole days.
    expect(daysUntil("2026-11-02", "2026-10-31")).toBe(2);
  });

  it("calendar days are never shifted by a zone", () => {
    expect(formatDay("2026-11-24")).toBe("Tue 24 Nov 2026");
  });

  it("knows real zones from made-up ones", () => {
    expect(isTimeZone("America/Los_Angeles")).toBe(true);
    expect(isTimeZone("Europe/Berlin")).toBe(true);
    expect(isTimeZone("UTC")).toBe(true);
    expect(isTimeZone("Mars/Olympus")).toBe(false);
    expect(isTimeZone("'; drop")).toBe(false);
  });
});
