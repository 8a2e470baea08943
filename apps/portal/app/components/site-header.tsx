import { Form, NavLink } from "@remix-run/react";

interface Me {
  type: "customer" | "staff";
  name: string;
  role: "admin" | "staff" | null;
}

export function SiteHeader({ shopName, me }: { shopName: string; me: Me | null }) {
  const home = me?.type === "staff" ? "/admin" : me ? "/customer/dashboard" : "/login";
  return (
    <header className="site-header border-bottom bg-white">
      <div className="container d-flex flex-wrap align-items-center gap-2 py-2">
        <a href={home} className="site-brand me-auto text-decoration-none">
          <span className="site-brand-mark" aria-hidden="true">
            {shopName.slice(0, 1)}
          </span>
          <span>{shopName}</span>
        </a>
        {me ? (
          <div className="d-flex flex-wrap align-items-center gap-2">
            <p className="m-0 small signed-in-as" data-testid="signed-in-as">
              Signed in as <strong>{me.name}</strong>{" "}
              <span className="badge text-bg-light border">
                {me.type === "customer"
                  ? "Customer"
                  : me.role === "admin"
                    ? "Shop admin"
                    : "Shop staff"}
              </span>
            </p>
            <Form
              method="post"
              action={me.type === "customer" ? "/customer/logout" : "/admin/logout"}
            >
              <button type="submit" className="btn btn-outline-secondary btn-sm touch-target">
                Sign out
              </button>
            </Form>
          </div>
        ) : null}
      </div>
      {me ? (
        <nav className="container" aria-label="Main">
          <ul className="nav nav-underline">
            {me.type === "customer" ? (
              <>
                <li className="nav-item">
                  <NavLink className="nav-link" to="/customer/dashboard">
                    Active jobs
                  </NavLink>
                </li>
                <li className="nav-item">
                  <NavLink className="nav-link" to="/customer/history">
                    History
                  </NavLink>
                </li>
                <li className="nav-item">
                  <NavLink className="nav-link" to="/customer/quotes">
                    Quotes
                  </NavLink>
                </li>
                <li className="nav-item">
                  <NavLink className="nav-link" to="/customer/settings">
                    Email settings
                  </NavLink>
                </li>
              </>
            ) : (
              <>
                <li className="nav-item">
                  <NavLink className="nav-link" to="/admin" end>
                    Job board
                  </NavLink>
                </li>
                <li className="nav-item">
                  <NavLink className="nav-link" to="/admin/customers">
                    Customers
                  </NavLink>
                </li>
                <li className="nav-item">
                  <NavLink className="nav-link" to="/admin/messages">
                    Messages
                  </NavLink>
                </li>
                <li className="nav-item">
                  <NavLink className="nav-link" to="/admin/requests">
                    Requests
                  </NavLink>
                </li>
                <li className="nav-item">
                  <NavLink className="nav-link" to="/admin/jobs/new">
                    New job
                  </NavLink>
                </li>
                {me.role === "admin" ? (
                  <>
                    <li className="nav-item">
                      <NavLink className="nav-link" to="/admin/email">
                        Email outbox
                      </NavLink>
                    </li>
                    <li className="nav-item">
                      <NavLink className="nav-link" to="/admin/settings">
                        Shop settings
                      </NavLink>
                    </li>
                    <li className="nav-item">
                      <NavLink className="nav-link" to="/admin/report">
                        Report
                      </NavLink>
                    </li>
                  </>
                ) : null}
              </>
            )}
          </ul>
        </nav>
      ) : null}
    </header>
  );
}
