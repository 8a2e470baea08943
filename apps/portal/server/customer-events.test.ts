import { describe, expect, test } from "vitest";
import { changesFor } from "./customer-events.ts";

const batch = {
  cursor: "c1",
  jobs: [
    { id: 1, customerId: 7, jobNumber: "J-2026-0001" },
    { id: 2, customerId: 8, jobNumber: "J-2026-0002" },
  ],
  customers: [9],
  tables: ["jobs", "customers"],
};

describe("changesFor", () => {
  test("names only the customer's own jobs", () => {
    expect(changesFor(batch, 7)).toEqual(["J-2026-0001"]);
  });

  test("a change to the customer's own row is an event without job numbers", () => {
    expect(changesFor(batch, 9)).toEqual([]);
  });

  test("another customer's changes are not an event", () => {
    expect(changesFor(batch, 10)).toBeNull();
  });

  test("shop settings changes reach every customer (contact card, photos switch)", () => {
    expect(changesFor({ ...batch, tables: ["shop_settings"] }, 10)).toEqual([]);
  });
});
