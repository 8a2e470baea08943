import { Link } from "@remix-run/react";

/** "2 new messages from the shop", linking to the job's thread. */
export function UnreadMessages({ jobNumber, count }: { jobNumber: string; count: number }) {
  return (
    <p className="m-0">
      <Link to={`/customer/job/${jobNumber}#messages`} className="badge text-bg-primary fs-6">
        {count === 1 ? "1 new message" : `${count} new messages`}
        <span className="visually-hidden"> from the shop about {jobNumber}</span>
      </Link>
    </p>
  );
}
