import { describe, expect, test } from "vitest";
import { parseHistoryQuery } from "./history-query.server.ts";
import { historyPageHref } from "./history-query.ts";

describe("history query", () => {
  test("reads search, dates, sort and page from the URL", () => {
    const query = parseHistoryQuery(
      new URLSearchParams("q=banner&from=2026-01-01&to=2026-02-01&sort=completed_asc&page=2"),
    );
    expect(query).toEqual({
      q: "banner",
      from: "2026-01-01",
      to: "2026-02-01",
      sort: "completed_asc",
      page: 2,
    });
  });

  test("drops invalid values instead of failing the page", () => {
    expect(parseHistoryQuery(new URLSearchParams("from=yesterday&sort=evil&page=-3"))).toEqual({});
  });

  test("page links keep the filters and omit page 1", () => {
    expect(historyPageHref({ q: "card", sort: "job_number" }, 3)).toBe(
      "?q=card&sort=job_number&page=3",
    );
    expect(historyPageHref({ q: "card" }, 1)).toBe("?q=card");
  });
});
