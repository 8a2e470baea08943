/**
 * Pins on a proof (loaded on the customer's proof page only). Without JavaScript the customer
 * writes a comment; with it, tapping an image of the waiting version drops a numbered pin there:
 * it is drawn on the image and listed under the change-request form with a note field, and sent
 * as hidden fields pins[i].fileId / pins[i].x / pins[i].y (fractions 0..1 of the image).
 */
interface Pin {
  fileId: string;
  x: number;
  y: number;
  marker: HTMLSpanElement;
  note: string;
}

const form = document.querySelector<HTMLFormElement>("[data-proof-changes]");
const area = form?.querySelector<HTMLElement>("[data-pin-area]");
const list = form?.querySelector<HTMLOListElement>("[data-pin-list]");
const canvases = Array.from(document.querySelectorAll<HTMLElement>("[data-proof-file]"));
const MAX_PINS = 50;

if (form && area && list && canvases.length > 0) {
  area.hidden = false;
  const pins: Pin[] = [];
  const round = (v: number) => Math.round(Math.min(1, Math.max(0, v)) * 10_000) / 10_000;

  const render = () => {
    list.replaceChildren(
      ...pins.map((pin, i) => {
        const n = i + 1;
        pin.marker.textContent = String(n);
        const item = document.createElement("li");
        item.className = "d-flex align-items-center gap-2 mb-2";
        const badge = document.createElement("span");
        badge.className = "proof-pin proof-pin-inline";
        badge.textContent = String(n);
        badge.setAttribute("aria-hidden", "true");
        const label = document.createElement("label");
        label.className = "visually-hidden";
        label.htmlFor = `pin-note-${n}`;
        label.textContent = `Note for pin ${n}`;
        const note = document.createElement("input");
        note.id = `pin-note-${n}`;
        note.className = "form-control form-control-sm";
        note.name = `pins[${i}].note`;
        note.maxLength = 5000;
        note.placeholder = `What to change at pin ${n}`;
        note.value = pin.note;
        note.addEventListener("input", () => {
          pin.note = note.value;
        });
        const remove = document.createElement("button");
        remove.type = "button";
        remove.className = "btn btn-sm btn-outline-secondary";
        remove.textContent = "Remove";
        remove.setAttribute("aria-label", `Remove pin ${n}`);
        remove.addEventListener("click", () => {
          pin.marker.remove();
          pins.splice(i, 1);
          render();
        });
        const hidden = (name: string, value: string) => {
          const input = document.createElement("input");
          input.type = "hidden";
          input.name = `pins[${i}].${name}`;
          input.value = value;
          return input;
        };
        item.append(
          badge,
          label,
          note,
          remove,
          hidden("fileId", pin.fileId),
          hidden("x", String(pin.x)),
          hidden("y", String(pin.y)),
        );
        return item;
      }),
    );
  };

  for (const canvas of canvases) {
    const image = canvas.querySelector("img");
    if (!image) continue;
    image.addEventListener("click", (event) => {
      if (pins.length >= MAX_PINS) return;
      const box = image.getBoundingClientRect();
      if (box.width === 0 || box.height === 0) return;
      const x = round((event.clientX - box.left) / box.width);
      const y = round((event.clientY - box.top) / box.height);
      const marker = document.createElement("span");
      marker.className = "proof-pin";
      marker.setAttribute("aria-hidden", "true");
      marker.style.left = `${x * 100}%`;
      marker.style.top = `${y * 100}%`;
      marker.dataset.newPin = "";
      canvas.append(marker);
      pins.push({ fileId: canvas.dataset.proofFile ?? "", x, y, marker, note: "" });
      render();
      list.querySelector<HTMLInputElement>(`#pin-note-${pins.length}`)?.focus();
    });
  }
}
