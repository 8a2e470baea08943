/**
 * The traveler print pages: shows the Print button (the page says "Ctrl+P" without JavaScript)
 * and opens the browser's print dialog; `?print=1` prints at once (a link that means "print this").
 */
const button = document.querySelector<HTMLButtonElement>("button[data-print]");
if (button) {
  button.hidden = false;
  document.querySelector<HTMLElement>("[data-print-hint]")?.setAttribute("hidden", "");
  button.addEventListener("click", () => window.print());
  if (new URLSearchParams(location.search).get("print") === "1") window.print();
}
