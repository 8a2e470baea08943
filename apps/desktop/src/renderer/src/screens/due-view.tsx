import { formatDay } from "@traveler/api/schemas";
import { useState } from "react";
import { client, type JobSummary } from "../client.ts";
import { useCacheQuery } from "../use-data.ts";
import { useOwners } from "./job-board.tsx";
import { JobCardBody, type JobFilter, JobFilterBar } from "./job-card.tsx";

/** The day's work by date: overdue, due today, due in the coming week (shop days). */
export function DueView({ open }: { open: (jobNumber: string) => void }) {
  const due = useCacheQuery(["due"], () => client.jobs.due.query());
  const today = useCacheQuery(["today"], () => client.jobs.today.query());
  const owners = useOwners();
  const [filter, setFilter] = useState<JobFilter>({});
  const keep = (job: JobSummary) =>
    (filter.ownerId === undefined || job.ownerId === filter.ownerId) && (!filter.rush || job.rush);
  const groups: { key: string; title: string; empty: string; jobs: JobSummary[] }[] = [
    { key: "overdue", title: "Overdue", empty: "Nothing overdue.", jobs: due.data?.overdue ?? [] },
    { key: "today", title: "Due today", empty: "Nothing due today.", jobs: due.data?.today ?? [] },
    {
      key: "week",
      title: "This week",
      empty: "Nothing else due this week.",
      jobs: due.data?.week ?? [],
    },
  ];
  return (
    <section className="due-screen">
      <header className="screen-header">
        <h1>Due</h1>
        <span className="muted">
          Active jobs by due date{today.data ? ` · today is ${formatDay(today.data)}` : ""}
        </span>
        <JobFilterBar filter={filter} onChange={setFilter} {...owners} />
      </header>
      <div className="due-groups">
        {groups.map((g) => {
          const jobs = g.jobs.filter(keep);
          return (
            <section
              key={g.key}
              className={`column due-group due-group-${g.key}`}
              aria-label={g.title}
            >
              <h2>
                {g.title} <span className="count">{jobs.length}</span>
              </h2>
              {jobs.length === 0 ? (
                <p className="muted empty-note">{g.empty}</p>
              ) : (
                <ul>
                  {jobs.map((job) => (
                    <li
                      key={job.jobNumber}
                      className={job.pending ? "job-card pending" : "job-card"}
                    >
                      <button
                        type="button"
                        className="card-open"
                        onClick={() => open(job.jobNumber)}
                      >
                        <JobCardBody job={job} today={today.data} />
                      </button>
                    </li>
                  ))}
                </ul>
              )}
            </section>
          );
        })}
      </div>
    </section>
  );
}
