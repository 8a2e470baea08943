import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { safeDownloadName, uniqueDownloadPath } from "./download-path.ts";

describe("the name a downloaded file is saved under before it opens", () => {
  it("keeps a name whose extension matches the content", () => {
    expect(safeDownloadName("Logo proof v2.pdf", "application/pdf")).toBe("Logo proof v2.pdf");
    expect(safeDownloadName("photo.JPEG", "image/jpeg")).toBe("photo.JPEG");
    expect(safeDownloadName("art.ai", "application/pdf")).toBe("art.ai");
  });

  it("gives the content's extension to a name that claims another (never a program)", () => {
    expect(safeDownloadName("invoice.exe", "application/pdf")).toBe("invoice.exe.pdf");
    expect(safeDownloadName("run.bat", "image/png")).toBe("run.bat.png");
    expect(safeDownloadName("noext", "application/zip")).toBe("noext.zip");
    expect(safeDownloadName("x.pdf", "application/x-msdownload")).toBe("x.pdf.bin");
  });

  it("takes out folders, control characters, lone surrogates and device names", () => {
    expect(safeDownloadName("../../etc/passwd.pdf", "application/pdf")).toBe("_.._etc_passwd.pdf");
    expect(safeDownloadName("C:\\Windows\\a.png", "image/png")).toBe("C__Windows_a.png");
    expect(safeDownloadName("a\u0000b\u0007c.pdf", "application/pdf")).toBe("a_b_c.pdf");
    expect(safeDownloadName("bad\ud800name.pdf", "application/pdf")).toBe("bad_name.pdf");
    expect(safeDownloadName("CON.pdf", "application/pdf")).toBe("file-CON.pdf");
    expect(safeDownloadName("...", "application/pdf")).toBe("file.pdf");
    expect(safeDownloadName(" .hidden.pdf ", "application/pdf")).toBe("hidden.pdf");
  });

  it("bounds the length and keeps the extension", () => {
    const name = safeDownloadName(`${"a".repeat(300)}.pdf`, "application/pdf");
    expect(name).toBe(`${"a".repeat(120)}.pdf`);
  });

  it("never overwrites a file already there", () => {
    const taken = new Set([join("/d", "proof.pdf"), join("/d", "proof (2).pdf")]);
    expect(uniqueDownloadPath("/d", "proof.pdf", "application/pdf", (p) => taken.has(p))).toBe(
      join("/d", "proof (3).pdf"),
    );
    expect(uniqueDownloadPath("/d", "new.pdf", "application/pdf", (p) => taken.has(p))).toBe(
      join("/d", "new.pdf"),
    );
  });
});
