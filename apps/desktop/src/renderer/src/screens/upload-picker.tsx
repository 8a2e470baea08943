import { useState } from "react";

/** A picked file as base64 (the desktop router's uploads take it so). */
export async function fileToBase64(file: File): Promise<string> {
  const buffer = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let i = 0; i < buffer.length; i += 0x8000) {
    binary += String.fromCharCode(...buffer.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/**
 * Caption, "Customer can see" and a file picker: what the job editor's photo and file uploads
 * share. `onPick` gets the file with the caption and visibility; the caption clears after.
 */
export function UploadPicker({
  what,
  accept,
  onPick,
}: {
  what: "photo" | "file";
  accept: string;
  onPick: (file: File, caption: string, visibleToCustomer: boolean) => Promise<void>;
}) {
  const [caption, setCaption] = useState("");
  const [visible, setVisible] = useState(false);
  return (
    <>
      <div className="row">
        <input
          placeholder="Caption"
          value={caption}
          onChange={(e) => setCaption(e.target.value)}
          aria-label={what === "photo" ? "Photo caption" : "File caption"}
        />
        <label className="check">
          <input type="checkbox" checked={visible} onChange={(e) => setVisible(e.target.checked)} />{" "}
          Customer can see
        </label>
      </div>
      <input
        type="file"
        accept={accept}
        aria-label={what === "photo" ? "Upload photo" : "Attach file"}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = "";
          if (file) void onPick(file, caption, visible).then(() => setCaption(""));
        }}
      />
    </>
  );
}
