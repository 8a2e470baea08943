import { fileBadge } from "@traveler/api/schemas";

/**
 * A file's preview in a list: its thumbnail (images, a PDF's first page) or a badge naming its
 * type. Decorative: the file name beside it is the link's text.
 */
export function FileThumb({
  src,
  file,
}: {
  src: string;
  file: { hasThumbnail: boolean; contentType: string };
}) {
  return file.hasThumbnail ? (
    <img className="file-thumb" src={src} alt="" width={96} height={96} loading="lazy" />
  ) : (
    <span className="file-thumb file-thumb-badge" aria-hidden="true">
      {fileBadge(file.contentType)}
    </span>
  );
}
