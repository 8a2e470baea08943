import { describe, expect, it } from "vitest";
import { JOB_STATUS_LABELS } from "../schemas/labels.ts";
import { decodeQr } from "../testing/qr-decode.ts";
import {
  qrSvg,
  renderTraveler,
  renderTravelers,
  staffJobUrl,
  type TravelerJob,
  type TravelerShop,
  travelerDocument,
} from "./traveler.ts";

const SHOP: TravelerShop = {
  name: "Northside Print & Sign",
  address: "12 Mill Lane\nPortland, OR 97201",
  phone: "(503) 555-0142",
  timeZone: "America/Los_Angeles",
};

const JOB: TravelerJob = {
  jobNumber: "J-2026-0142",
  title: "Storefront banner <vinyl>",
  customerName: "Chen's Bakery",
  description: "Two-sided banner for the spring sale.",
  quantity: 1250,
  estimatedCompletion: "2026-11-24",
  status: "in_progress",
  specifications: [
    { name: "Size", value: "3 x 1 m" },
    { name: "Material", value: "13 oz vinyl" },
  ],
  specialInstructions: "Hem all edges.\nGrommets every 60 cm.",
};

function svgOf(html: string): string {
  const svg = html.match(/<svg[\s\S]*?<\/svg>/)?.[0];
  if (!svg) throw new Error("no svg in the traveler");
  return svg;
}

describe("traveler", () => {
  it("staff job URLs: the public address without trailing slashes, the job number encoded", () => {
    expect(staffJobUrl("https://shop.example/", "J-2026-0142")).toBe(
      "https://shop.example/admin/job/J-2026-0142",
    );
    expect(staffJobUrl("http://localhost:3000", "J 1/2")).toBe(
      "http://localhost:3000/admin/job/J%201%2F2",
    );
  });

  it("the QR code of several jobs decodes to exactly the job's staff page", async () => {
    const publicUrl = "https://portal.northside.example";
    for (const jobNumber of ["J-2026-0001", "J-2026-0142", "J-2031-123456789", "J-1999-9999"]) {
      const html = await renderTraveler({ ...JOB, jobNumber }, SHOP, {
        publicUrl,
        printedAt: new Date(),
      });
      expect(await decodeQr(svgOf(html))).toBe(`${publicUrl}/admin/job/${jobNumber}`);
    }
    // A long public address still fits and decodes.
    const long = "https://traveler.some-long-shop-name.example.co.uk:8443/portal";
    expect(await decodeQr(await qrSvg(staffJobUrl(long, "J-2026-0007")))).toBe(
      `${long}/admin/job/J-2026-0007`,
    );
  });

  it("shows the shop, the job number, customer, due day, quantity, specs, instructions, every status and a notes area", async () => {
    const html = await renderTraveler(JOB, SHOP, {
      publicUrl: "http://localhost:3000",
      // 17:30 on 24 Nov in Oregon is already 25 Nov in UTC.
      printedAt: new Date("2026-11-25T01:30:00Z"),
    });
    const text = html.replace(/<svg[\s\S]*?<\/svg>/, "").replace(/<[^>]+>/g, " ");
    expect(html).toContain('<h1 class="traveler-number">J-2026-0142</h1>');
    expect(text).toContain("Northside Print &amp; Sign");
    expect(html).toContain("12 Mill Lane\nPortland, OR 97201\n(503) 555-0142");
    expect(text).toContain("Chen&#39;s Bakery");
    expect(text).toContain("Tue 24 Nov 2026");
    expect(text).toContain("1,250");
    expect(text).toContain("13 oz vinyl");
    expect(text).toContain("Hem all edges.\nGrommets every 60 cm.");
    // Text is escaped, never markup.
    expect(html).toContain("Storefront banner &lt;vinyl&gt;");
    expect(html).not.toContain("<vinyl>");
    const checklist = html.slice(html.indexOf("traveler-checklist"));
    for (const label of Object.values(JOB_STATUS_LABELS)) expect(checklist).toContain(label);
    expect(html.match(/class="traveler-box"/g)).toHaveLength(5);
    expect(html).toContain("(status when printed)");
    expect(html.match(/class="traveler-line"/g)?.length).toBeGreaterThanOrEqual(4);
    expect(text).toContain("Printed Tue 24 Nov 2026, 5:30 PM PST");
  });

  it("says so when nothing is recorded instead of leaving empty boxes", async () => {
    const html = await renderTraveler(
      { ...JOB, specifications: [], specialInstructions: "  ", estimatedCompletion: null },
      SHOP,
      { publicUrl: "http://localhost:3000", printedAt: new Date() },
    );
    expect(html).toContain("Not scheduled");
    expect(html).toContain("None recorded.");
    expect(html).toContain("<p>None.</p>");
    expect(html).not.toContain("traveler-instructions");
  });

  it("a batch is one sheet per job, in order, each breaking to a new page when printed", async () => {
    const jobs = ["J-2026-0003", "J-2026-0001", "J-2026-0002"].map((jobNumber) => ({
      ...JOB,
      jobNumber,
    }));
    const { html, css } = await renderTravelers({
      shop: SHOP,
      jobs,
      publicUrl: "http://localhost:3000",
      printedAt: new Date(),
    });
    expect([...html.matchAll(/data-job-number="([^"]+)"/g)].map((m) => m[1])).toEqual([
      "J-2026-0003",
      "J-2026-0001",
      "J-2026-0002",
    ]);
    expect(css).toContain("@page { size: auto; margin: 12mm; }");
    expect(css).toMatch(/@media print \{[^@]*break-after: page/);
    const doc = await travelerDocument(
      { shop: SHOP, jobs, publicUrl: "http://localhost:3000", printedAt: new Date() },
      "Travelers",
    );
    expect(doc).toMatch(/^<!doctype html>/);
    expect(doc).toContain("<title>Travelers</title>");
    expect(doc.match(/<article class="traveler"/g)).toHaveLength(3);
  });
});
