/**
 * Live updates (the only script on a customer's job and dashboard pages and on the staff pages
 * that list or show jobs, requests and messages; loaded only there).
 * Listens to the page's server-sent events (`data-live-source` on the status element) and, when
 * one of the changes concerns this page, fetches the page again and swaps in the new <main>:
 * the person sees the new status without reloading, and screen readers hear "Updated". A form
 * being filled in is never replaced under the person's hands: they are offered a reload instead.
 */
const status = document.querySelector<HTMLElement>("[data-live-source]");
const main = document.querySelector<HTMLElement>("main");

/** The status line (it may have been swapped in with the page's new content). */
function say(text: string): void {
  const current = document.querySelector<HTMLElement>("[data-live-source]");
  if (current) current.textContent = text;
}

function editing(): boolean {
  const active = document.activeElement;
  if (active && main?.contains(active) && active.closest("form")) return true;
  return Boolean(main?.querySelector("form[data-dirty]"));
}

async function refresh(): Promise<void> {
  if (!main) return;
  if (editing()) {
    say("This page has changed. Reload it to see the latest.");
    return;
  }
  const response = await fetch(location.href, { headers: { Accept: "text/html" } });
  if (response.redirected || !response.ok) {
    // Signed out, or the page is gone: let the server decide what to show.
    location.reload();
    return;
  }
  const next = new DOMParser().parseFromString(await response.text(), "text/html");
  const fresh = next.querySelector("main");
  if (!fresh) return;
  main.innerHTML = fresh.innerHTML;
  say("Updated just now");
}

if (status && main && "EventSource" in window) {
  const source = new EventSource(status.dataset.liveSource ?? "");
  const jobNumber = status.dataset.liveJob;
  const tables = status.dataset.liveTables?.split(" ");
  let timer: ReturnType<typeof setTimeout> | undefined;
  source.addEventListener("open", () => {
    if (!status.textContent) say("Live updates on");
  });
  source.addEventListener("change", (event) => {
    const change = JSON.parse((event as MessageEvent<string>).data) as {
      jobs: string[];
      tables?: string[];
    };
    // A job page cares about its own job; lists about any of the customer's (staff: any job),
    // and a staff page only about the tables it shows (the staff stream names them).
    if (jobNumber && change.jobs.length > 0 && !change.jobs.includes(jobNumber)) return;
    if (tables && change.tables && !change.tables.some((t) => tables.includes(t))) return;
    clearTimeout(timer);
    // Coalesce a burst of changes into one refresh.
    timer = setTimeout(() => void refresh().catch(() => say("")), 100);
  });
  source.addEventListener("error", () => say(""));
  document.addEventListener("input", (event) => {
    (event.target as HTMLElement).closest("form")?.setAttribute("data-dirty", "");
  });
}
