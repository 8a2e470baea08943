/**
 * Type-ahead for the customer picker of the new-job form (loaded on that page only). Without
 * JavaScript the picker's "Find" button submits the form with GET and the server lists the
 * matches as radio buttons; this lists the same matches, from /admin/customers/search, while
 * the name is typed. Enter in the search field searches instead of submitting the job.
 */
import { customerChoiceLabel } from "../lib/customer-label.ts";

interface Match {
  id: number;
  name: string;
  company: string | null;
  email: string;
}

const picker = document.querySelector<HTMLElement>("[data-customer-picker]");
const input = picker?.querySelector<HTMLInputElement>("input[type=search]");
const options = picker?.querySelector<HTMLElement>("[data-customer-options]");
const count = picker?.querySelector<HTMLElement>("[data-customer-count]");

if (picker && input && options && count) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let controller: AbortController | undefined;
  let shownFor = input.value.trim();

  const show = (q: string, total: number, items: Match[]) => {
    const checked = options.querySelector<HTMLInputElement>("input:checked")?.value;
    options.replaceChildren(
      ...items.map((c) => {
        const row = document.createElement("div");
        row.className = "form-check customer-option";
        const radio = document.createElement("input");
        radio.className = "form-check-input";
        radio.type = "radio";
        radio.name = "customerId";
        radio.id = `customer-${c.id}`;
        radio.value = String(c.id);
        radio.checked = String(c.id) === checked || items.length === 1;
        const label = document.createElement("label");
        label.className = "form-check-label";
        label.htmlFor = radio.id;
        label.textContent = customerChoiceLabel(c);
        row.append(radio, label);
        return row;
      }),
    );
    count.textContent = !q
      ? ""
      : total === 0
        ? `No customers match “${q}”.`
        : total > items.length
          ? `${total.toLocaleString("en-US")} customers match; the first ${items.length} are shown. Type more to narrow the list.`
          : `${total} customer${total === 1 ? "" : "s"} match.`;
  };

  const search = async () => {
    const q = input.value.trim();
    if (q === shownFor) return;
    controller?.abort();
    controller = new AbortController();
    try {
      const response = await fetch(`/admin/customers/search?q=${encodeURIComponent(q)}`, {
        headers: { Accept: "application/json" },
        signal: controller.signal,
      });
      if (!response.ok) return; // the Find button still works
      const body = (await response.json()) as { total: number; items: Match[] };
      shownFor = q;
      show(q, body.total, body.items);
    } catch {
      // aborted by newer typing, or offline: the Find button still works
    }
  };

  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(() => void search(), 200);
  });
  input.addEventListener("keydown", (event) => {
    if (event.key !== "Enter") return;
    event.preventDefault();
    clearTimeout(timer);
    void search();
  });
}
