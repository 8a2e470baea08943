import { Link } from "@remix-run/react";

/** Previous / "Page n of m" / Next under a paged list; nothing when there is one page. */
export function Pager({
  label,
  page,
  pages,
  href,
}: {
  label: string;
  page: number;
  pages: number;
  /** The address of another page of the same list. */
  href: (page: number) => string;
}) {
  if (pages <= 1) return null;
  return (
    <nav aria-label={label}>
      <ul className="pagination flex-wrap">
        <li className={`page-item ${page <= 1 ? "disabled" : ""}`}>
          {page <= 1 ? (
            <span className="page-link">Previous</span>
          ) : (
            <Link className="page-link" to={href(page - 1)} rel="prev">
              Previous
            </Link>
          )}
        </li>
        <li className="page-item active" aria-current="page">
          <span className="page-link">
            Page {page.toLocaleString("en-US")} of {pages.toLocaleString("en-US")}
          </span>
        </li>
        <li className={`page-item ${page >= pages ? "disabled" : ""}`}>
          {page >= pages ? (
            <span className="page-link">Next</span>
          ) : (
            <Link className="page-link" to={href(page + 1)} rel="next">
              Next
            </Link>
          )}
        </li>
      </ul>
    </nav>
  );
}
