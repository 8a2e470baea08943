import jsQR from "jsqr";
import sharp from "sharp";

/**
 * Reads a QR code from an image (PNG, JPEG or SVG) the way a phone camera app would: rasterised,
 * flattened on white, scanned by jsQR. Tests only (jsqr is a dev dependency).
 */
export async function decodeQr(image: Buffer | string): Promise<string | null> {
  const input = typeof image === "string" ? Buffer.from(image) : image;
  const { data, info } = await sharp(input, { density: 300 })
    .resize(400, 400, { fit: "contain", kernel: "nearest", background: "#ffffff" })
    .flatten({ background: "#ffffff" })
    .ensureAlpha()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return jsQR(new Uint8ClampedArray(data), info.width, info.height)?.data ?? null;
}
