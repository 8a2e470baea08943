/**
 * Hands downloaded bytes (from the core: the token never reaches the renderer) to the user as a
 * file named `fileName`, as the browser's own download would. In the Electron console the main
 * process saves it in Downloads/Traveler and opens it in the computer's own app
 * (main/open-downloads.ts); in the harness the browser downloads it.
 */
export function saveDownload(file: { contentType: string; base64: string }, fileName: string) {
  const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: file.contentType }));
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
