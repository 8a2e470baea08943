import { randomBytes } from "node:crypto";

/**
 * A valid PDF with `pages` pages (each a filled rectangle with a number), and optionally an
 * unreferenced binary stream of `padBytes` random bytes so tests and benchmarks can make large
 * files. Yields pieces so a 50 MB PDF never sits in memory whole.
 */
export async function* makePdf(options: { pages: number; padBytes?: number; text?: string }) {
  const { pages } = options;
  const padBytes = options.padBytes ?? 0;
  let offset = 0;
  const offsets: number[] = [];
  const emit = (text: string | Buffer) => {
    const bytes = typeof text === "string" ? Buffer.from(text, "latin1") : text;
    offset += bytes.length;
    return bytes;
  };
  const object = (id: number, body: string) => {
    offsets[id] = offset;
    return emit(`${id} 0 obj\n${body}\nendobj\n`);
  };
  yield emit("%PDF-1.4\n%\xe2\xe3\xcf\xd3\n");
  const pageIds = Array.from({ length: pages }, (_, i) => 4 + i * 2);
  yield object(1, "<< /Type /Catalog /Pages 2 0 R >>");
  yield object(
    2,
    `<< /Type /Pages /Kids [${pageIds.map((id) => `${id} 0 R`).join(" ")}] /Count ${pages} >>`,
  );
  yield object(3, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>");
  for (const [index, id] of pageIds.entries()) {
    const label = `${options.text ?? "Page"} ${index + 1}`.replace(/[()\\]/g, "");
    const content = `0.2 0.4 0.8 rg 50 50 200 300 re f 0 g BT /F1 24 Tf 60 400 Td (${label}) Tj ET`;
    yield object(
      id,
      `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 500] /Resources << /Font << /F1 3 0 R >> >> /Contents ${id + 1} 0 R >>`,
    );
    yield object(id + 1, `<< /Length ${content.length} >>\nstream\n${content}\nendstream`);
  }
  const lastId = 3 + pages * 2;
  let size = lastId + 1;
  if (padBytes > 0) {
    const padId = lastId + 1;
    size = padId + 1;
    offsets[padId] = offset;
    yield emit(`${padId} 0 obj\n<< /Length ${padBytes} >>\nstream\n`);
    for (let left = padBytes; left > 0; ) {
      const piece = Math.min(left, 1024 * 1024);
      yield emit(randomBytes(piece));
      left -= piece;
    }
    yield emit("\nendstream\nendobj\n");
  }
  const xref = offset;
  let table = `xref\n0 ${size}\n0000000000 65535 f \n`;
  for (let id = 1; id < size; id++) {
    table += `${String(offsets[id] ?? 0).padStart(10, "0")} 00000 n \n`;
  }
  yield emit(`${table}trailer\n<< /Size ${size} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`);
}

/** The whole PDF in one buffer (small test files only). */
export async function makePdfBuffer(options: { pages: number; padBytes?: number; text?: string }) {
  const parts: Buffer[] = [];
  for await (const part of makePdf(options)) parts.push(part);
  return Buffer.concat(parts);
}
