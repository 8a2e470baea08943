import sharp, { type Metadata, type Sharp } from "sharp";

export const MAX_INPUT_BYTES = 10 * 1024 * 1024;
export const MAX_EDGE = 2048;
export const THUMB_EDGE = 400;

export interface ProcessedPhoto {
  contentType: "image/jpeg" | "image/webp";
  data: Buffer;
  thumbnail: Buffer;
  width: number;
  height: number;
}

export class PhotoRejectedError extends Error {
  readonly tooLarge: boolean;
  constructor(message: string, tooLarge = false) {
    super(message);
    this.name = "PhotoRejectedError";
    this.tooLarge = tooLarge;
  }
}

const ACCEPTED_FORMATS = new Set(["jpeg", "png", "webp", "gif", "tiff", "heif", "avif"]);

/**
 * Validates an upload by its content (never its name), turns it upright by its EXIF orientation,
 * drops every metadata block (EXIF, GPS, ICC, XMP: sharp writes none unless asked), caps it at
 * 2048 px and makes a 400 px thumbnail. Photos with transparency are stored as WebP, the rest as
 * JPEG.
 */
export async function processPhoto(input: Buffer): Promise<ProcessedPhoto> {
  if (input.length === 0) throw new PhotoRejectedError("The file is empty.");
  if (input.length > MAX_INPUT_BYTES) {
    throw new PhotoRejectedError("The photo is larger than 10 MB.", true);
  }
  let metadata: Metadata;
  try {
    metadata = await sharp(input, { limitInputPixels: 60_000_000 }).metadata();
  } catch {
    throw new PhotoRejectedError("This file is not an image we can read (use JPEG, PNG or WebP).");
  }
  if (
    !metadata.format ||
    !ACCEPTED_FORMATS.has(metadata.format) ||
    !metadata.width ||
    !metadata.height
  ) {
    throw new PhotoRejectedError("This file is not an image we can read (use JPEG, PNG or WebP).");
  }
  const webp = metadata.hasAlpha === true;
  const encode = (image: Sharp) =>
    webp
      ? image.webp({ quality: 82 })
      : image.flatten({ background: "#ffffff" }).jpeg({ quality: 82, mozjpeg: true });
  try {
    const base = () => sharp(input, { limitInputPixels: 60_000_000, pages: 1 }).rotate();
    const full = await encode(
      base().resize({ width: MAX_EDGE, height: MAX_EDGE, fit: "inside", withoutEnlargement: true }),
    ).toBuffer({ resolveWithObject: true });
    const thumbnail = await encode(
      base().resize({
        width: THUMB_EDGE,
        height: THUMB_EDGE,
        fit: "inside",
        withoutEnlargement: true,
      }),
    ).toBuffer();
    return {
      contentType: webp ? "image/webp" : "image/jpeg",
      data: full.data,
      thumbnail,
      width: full.info.width,
      height: full.info.height,
    };
  } catch {
    throw new PhotoRejectedError("This image could not be processed. Try another file.");
  }
}
