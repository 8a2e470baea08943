import { useVirtualizer } from "@tanstack/react-virtual";
import { type KeyboardEvent, useContext, useEffect, useMemo, useRef, useState } from "react";
import {
  client,
  formatTime,
  type JobStatus,
  type JobSummary,
  STATUS_LABELS,
  STATUSES,
} from "../client.ts";
import { DataVersion } from "../use-data.ts";

type Sort = "updated" | "due" | "number" | "customer";
const PAGE = 100;
const ROW_HEIGHT = 37;

const SORTS: { sort: Sort; label: string }[] = [
  { sort: "number", label: "Job" },
  { sort: "customer", label: "Customer" },
  { sort: "due", label: "Due" },
  { sort: "updated", label: "Updated" },
];

interface Query {
  q: string;
  statuses: JobStatus[];
  includeCompleted: boolean;
  sort: Sort;
  descending: boolean;
}

/**
 * Every matching job, however many: the list reads the pages the person scrolls to from the
 * cache (100 rows a page) and renders only the rows on screen.
 */
function useJobPages(query: Query) {
  const version = useContext(DataVersion);
  const [pages, setPages] = useState<Map<number, JobSummary[]>>(new Map());
  const [total, setTotal] = useState<{ n: number; lowerBound: boolean; ms: number } | null>(null);
  const key = JSON.stringify(query);
  const loading = useRef(new Set<number>());
  const generation = useRef(0);

  const load = (page: number) => {
    if (loading.current.has(page)) return;
    loading.current.add(page);
    const gen = generation.current;
    void client.jobs.list
      .query({
        q: query.q || undefined,
        status: query.statuses.length ? query.statuses : undefined,
        includeCompleted: query.includeCompleted,
        sort: query.sort,
        descending: query.descending,
        offset: page * PAGE,
        limit: PAGE,
      })
      .then((result) => {
        if (gen !== generation.current) return;
        setPages((cur) => new Map(cur).set(page, result.items));
        if (page === 0) {
          setTotal({ n: result.total, lowerBound: result.totalIsLowerBound, ms: result.ms });
        }
      })
      .finally(() => loading.current.delete(page));
  };

  // New data: reload from the first page, keeping the rows on screen until their replacement
  // arrives (no flash). A new query: nothing old may show under the new heading.
  const lastKey = useRef(key);
  // biome-ignore lint/correctness/useExhaustiveDependencies: key and version are the triggers
  useEffect(() => {
    generation.current += 1;
    loading.current.clear();
    const newQuery = lastKey.current !== key;
    lastKey.current = key;
    setPages((cur) => (newQuery ? new Map() : new Map([...cur].filter(([p]) => p === 0))));
    if (newQuery) setTotal(null);
    load(0);
  }, [key, version]);

  return { pages, total, load };
}

export function JobList({
  open,
  focusSearch,
}: {
  open: (jobNumber: string) => void;
  focusSearch?: number | undefined;
}) {
  const [q, setQ] = useState("");
  const [statuses, setStatuses] = useState<JobStatus[]>([]);
  const [includeCompleted, setIncludeCompleted] = useState(true);
  const [sort, setSort] = useState<{ sort: Sort; descending: boolean }>({
    sort: "updated",
    descending: true,
  });
  const [selected, setSelected] = useState(0);
  const search = useRef<HTMLInputElement>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const grid = useRef<HTMLTableElement>(null);
  // Ctrl+K: focus the search box each time it is pressed (focusSearch changes).
  useEffect(() => {
    search.current?.focus({ preventScroll: focusSearch === undefined });
  }, [focusSearch]);

  const query = useMemo(
    () => ({ q, statuses, includeCompleted, ...sort }),
    [q, statuses, includeCompleted, sort],
  );
  const { pages, total, load } = useJobPages(query);
  const count = total?.n ?? 0;
  const rowAt = (index: number) => pages.get(Math.floor(index / PAGE))?.[index % PAGE];

  const virtual = useVirtualizer({
    count,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 10,
  });
  const items = virtual.getVirtualItems();
  // Fetch the pages the visible rows fall in.
  useEffect(() => {
    for (const item of items) {
      const page = Math.floor(item.index / PAGE);
      if (!pages.has(page)) load(page);
    }
  });
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new query starts at the top
  useEffect(() => {
    setSelected(0);
    virtual.scrollToIndex(0);
  }, [query]);

  const toggle = (s: JobStatus) =>
    setStatuses((cur) => (cur.includes(s) ? cur.filter((x) => x !== s) : [...cur, s]));
  const sortBy = (next: Sort) =>
    setSort((cur) =>
      cur.sort === next
        ? { sort: next, descending: !cur.descending }
        : { sort: next, descending: next === "updated" },
    );
  const move = (index: number) => {
    const clamped = Math.max(0, Math.min(count - 1, index));
    setSelected(clamped);
    virtual.scrollToIndex(clamped, { align: "auto" });
  };
  const onKey = (event: KeyboardEvent) => {
    const page = Math.max(1, Math.floor((scroller.current?.clientHeight ?? 400) / ROW_HEIGHT) - 1);
    if (event.key === "Enter") {
      event.preventDefault();
      const job = rowAt(selected);
      if (job) open(job.jobNumber);
      return;
    }
    const target = keyTarget(event.key, selected, page, count);
    if (target === null) return;
    event.preventDefault();
    move(target);
  };
  const activeJob = rowAt(selected);

  return (
    <section className="job-list">
      <header className="screen-header">
        <h1>Jobs</h1>
        <input
          ref={search}
          type="search"
          className="search"
          placeholder="Search job number, title, description, customer…  (Ctrl+K)"
          aria-label="Search jobs"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === "ArrowDown" || e.key === "Enter") {
              e.preventDefault();
              grid.current?.focus();
              if (e.key === "Enter" && activeJob) open(activeJob.jobNumber);
            }
          }}
        />
      </header>
      <fieldset className="filters" aria-label="Filter by status">
        {STATUSES.map((s) => (
          <button
            type="button"
            key={s}
            className={statuses.includes(s) ? "chip on" : "chip"}
            onClick={() => toggle(s)}
            aria-pressed={statuses.includes(s)}
          >
            {STATUS_LABELS[s]}
          </button>
        ))}
        <label className="check">
          <input
            type="checkbox"
            checked={includeCompleted}
            onChange={(e) => setIncludeCompleted(e.target.checked)}
          />{" "}
          Include completed
        </label>
        <span className="muted" data-testid="result-count">
          {total
            ? `${total.n.toLocaleString()}${total.lowerBound ? "+" : ""} jobs · ${total.ms} ms`
            : ""}
        </span>
      </fieldset>
      <div ref={scroller} className="table-scroll">
        <table
          ref={grid}
          className="table"
          // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: a data table navigated with the keyboard is the WAI-ARIA grid pattern
          role="grid"
          tabIndex={0}
          onKeyDown={onKey}
          aria-label="Jobs (arrow keys move, Enter opens)"
          aria-activedescendant={activeJob ? `job-row-${selected}` : undefined}
          aria-rowcount={count + 1}
        >
          <colgroup>
            <col style={{ width: 130 }} />
            <col />
            <col style={{ width: "20%" }} />
            <col style={{ width: 140 }} />
            <col style={{ width: 90 }} />
            <col style={{ width: 110 }} />
            <col style={{ width: 170 }} />
          </colgroup>
          <thead>
            <tr>
              {SORTS.slice(0, 1).map((s) => (
                <SortHeader key={s.sort} {...s} current={sort} onSort={sortBy} />
              ))}
              <th>Title</th>
              {SORTS.slice(1, 2).map((s) => (
                <SortHeader key={s.sort} {...s} current={sort} onSort={sortBy} />
              ))}
              <th>Status</th>
              <th>Progress</th>
              {SORTS.slice(2).map((s) => (
                <SortHeader key={s.sort} {...s} current={sort} onSort={sortBy} />
              ))}
            </tr>
          </thead>
          <tbody>
            {items.length > 0 && items[0]!.start > 0 && <Spacer height={items[0]!.start} />}
            {items.map((item) => {
              const job = rowAt(item.index);
              const isSelected = item.index === selected;
              return (
                <tr
                  key={item.index}
                  id={`job-row-${item.index}`}
                  aria-rowindex={item.index + 2}
                  aria-selected={isSelected}
                  onClick={() => {
                    setSelected(item.index);
                    if (job) open(job.jobNumber);
                  }}
                  className={[
                    "clickable",
                    job?.pending ? "pending" : "",
                    isSelected ? "selected" : "",
                  ].join(" ")}
                  style={{ height: ROW_HEIGHT }}
                >
                  {job ? (
                    <>
                      <td>{job.id === null ? "New (queued)" : job.jobNumber}</td>
                      <td>{job.title}</td>
                      <td>{job.customerName}</td>
                      <td>
                        <span className={`status status-${job.status}`}>
                          {STATUS_LABELS[job.status]}
                        </span>
                      </td>
                      <td>{job.progress}%</td>
                      <td>{job.estimatedCompletion ?? "—"}</td>
                      <td className="muted">{formatTime(job.updatedAt)}</td>
                    </>
                  ) : (
                    <td colSpan={7} className="muted">
                      …
                    </td>
                  )}
                </tr>
              );
            })}
            {items.length > 0 && virtual.getTotalSize() - items[items.length - 1]!.end > 0 && (
              <Spacer height={virtual.getTotalSize() - items[items.length - 1]!.end} />
            )}
          </tbody>
        </table>
        {total && count === 0 && <p className="muted empty">No jobs match.</p>}
      </div>
    </section>
  );
}

/** Room for the rows above or below the window on screen. */
function Spacer({ height }: { height: number }) {
  return (
    <tr className="spacer">
      <td colSpan={7} style={{ height }} />
    </tr>
  );
}

/** Where an arrow, page or home/end key moves the selection (null: not a navigation key). */
function keyTarget(key: string, selected: number, page: number, count: number): number | null {
  switch (key) {
    case "ArrowDown":
      return selected + 1;
    case "ArrowUp":
      return selected - 1;
    case "PageDown":
      return selected + page;
    case "PageUp":
      return selected - page;
    case "Home":
      return 0;
    case "End":
      return count - 1;
    default:
      return null;
  }
}

function SortHeader({
  sort,
  label,
  current,
  onSort,
}: {
  sort: Sort;
  label: string;
  current: { sort: Sort; descending: boolean };
  onSort: (sort: Sort) => void;
}) {
  const active = current.sort === sort;
  return (
    <th aria-sort={active ? (current.descending ? "descending" : "ascending") : "none"}>
      <button type="button" className="link sort" onClick={() => onSort(sort)}>
        {label}
        {active ? (current.descending ? " ▼" : " ▲") : ""}
      </button>
    </th>
  );
}
