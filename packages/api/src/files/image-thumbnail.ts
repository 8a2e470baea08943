import type { Readable } from "node:stream";
import sharp from "sharp";

export const THUMBNAIL_EDGE = 400;

/**
 * A WebP thumbnail (at most 400 px, turned upright by EXIF, no metadata) of an image streamed
 * from the storage; null if sharp cannot read it (the file is still accepted, shown with an icon).
 * sharp gathers a streamed input before decoding: files are capped by FILE_MAX_BYTES, and
 * `limitInputPixels` refuses decompression bombs.
 */
export async function imageThumbnail(source: Readable): Promise<Buffer | null> {
  const pipeline = sharp({ limitInputPixels: 100_000_000, pages: 1 })
    .rotate()
    .resize({
      width: THUMBNAIL_EDGE,
      height: THUMBNAIL_EDGE,
      fit: "inside",
      withoutEnlargement: true,
    })
    .webp({ quality: 80 });
  source.on("error", (error) => pipeline.destroy(error));
  source.pipe(pipeline);
  try {
    return await pipeline.toBuffer();
  } catch {
    source.destroy();
    return null;
  }
}
