import { describe, expect, test } from "vitest";
import { dateTime, isoDay, longDate, relativeDay } from "./format.ts";

describe("relativeDay", () => {
  test("names today, tomorrow and yesterday", () => {
    expect(relativeDay("2026-11-24", "2026-11-24")).toBe("today");
    expect(relativeDay("2026-11-25", "2026-11-24")).toBe("tomorrow");
    expect(relativeDay("2026-11-23", "2026-11-24")).toBe("yesterday");
  });

  test("counts days, then weeks, then months", () => {
    expect(relativeDay("2026-11-27", "2026-11-24")).toBe("in 3 days");
    expect(relativeDay("2026-12-15", "2026-11-24")).toBe("in 3 weeks");
    expect(relativeDay("2027-05-24", "2026-11-24")).toBe("in 6 months");
    expect(relativeDay("2026-11-20", "2026-11-24")).toBe("4 days ago");
  });

  test("is not shifted across a month boundary or DST change", () => {
    expect(relativeDay("2026-11-01", "2026-10-31")).toBe("tomorrow");
    expect(relativeDay("2026-03-30", "2026-03-28")).toBe("in 2 days");
  });
});

describe("dates", () => {
  test("longDate shows the calendar day as stored", () => {
    expect(longDate("2026-11-24")).toBe("Tue, 24 Nov 2026");
  });

  test("dateTime formats in the given zone", () => {
    expect(dateTime("2026-11-24T23:30:00Z", "UTC")).toBe("24 Nov 2026, 23:30");
  });

  test("isoDay gives the local calendar day", () => {
    expect(isoDay(new Date("2026-11-24T23:30:00Z"), "UTC")).toBe("2026-11-24");
    expect(isoDay(new Date("2026-11-24T23:30:00Z"), "Europe/Berlin")).toBe("2026-11-25");
  });
});
