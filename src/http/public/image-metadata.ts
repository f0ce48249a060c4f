/**
 * Photos are published without what cameras and phones write into them besides the picture:
 * GPS position (far finer than the 100 m the pages show), device owner, serial numbers, dates,
 * comments and editing history. Only the picture, its colour profile and (for JPEG) its
 * orientation survive, so a portrait photo still shows upright. Types this cannot clean are
 * not published at all.
 */
export const PUBLISHABLE_PHOTO_TYPES = ["image/jpeg", "image/png", "image/webp"] as const;

/**
 * The photo without metadata; undefined when its type is not one this can clean, or the file
 * is not what its type says (then it is not published either).
 */
export function stripImageMetadata(bytes: Buffer, mime: string): Buffer | undefined {
  try {
    switch (mime) {
      case "image/jpeg":
        return stripJpeg(bytes);
      case "image/png":
        return stripPng(bytes);
      case "image/webp":
        return stripWebp(bytes);
      default:
        return undefined;
    }
  } catch (error) {
    if (error instanceof MalformedImageError) return undefined;
    throw error;
  }
}

class MalformedImageError extends Error {
  override name = "MalformedImageError";
}

// JPEG: a sequence of marker segments up to Start Of Scan, then the entropy-coded picture.
const SOI = 0xd8;
const SOS = 0xda;
const EOI = 0xd9;
const APP0 = 0xe0; // JFIF: pixel density (JFXX: a thumbnail, dropped)
const APP1 = 0xe1; // Exif or XMP
const APP2 = 0xe2; // ICC colour profile (also FlashPix, dropped)
const APP14 = 0xee; // Adobe: how to read the colour channels
const APP15 = 0xef;
const COM = 0xfe; // comment
const ORIENTATION_TAG = 0x0112;

const startsWith = (bytes: Buffer, offset: number, text: string) =>
  bytes.subarray(offset, offset + text.length).toString("latin1") === text;

function stripJpeg(bytes: Buffer): Buffer {
  if (bytes[0] !== 0xff || bytes[1] !== SOI) throw new MalformedImageError("not a JPEG");
  const kept: Buffer[] = [bytes.subarray(0, 2)];
  let orientation: number | undefined;
  let offset = 2;
  while (offset + 4 <= bytes.length) {
    if (bytes[offset] !== 0xff) throw new MalformedImageError("JPEG segment without a marker");
    const marker = bytes[offset + 1] ?? 0;
    if (marker === 0xff) {
      offset++; // fill byte
      continue;
    }
    if (marker === EOI) break;
    const length = bytes.readUInt16BE(offset + 2);
    const end = offset + 2 + length;
    if (length < 2 || end > bytes.length) throw new MalformedImageError("JPEG segment overruns");
    const payload = offset + 4;
    if (marker === SOS) {
      // Everything from here on is the picture itself (and its EOI).
      kept.push(bytes.subarray(offset));
      return Buffer.concat(withOrientation(kept, orientation));
    }
    if (marker === APP1 && startsWith(bytes, payload, "Exif\0\0")) {
      orientation ??= exifOrientation(bytes.subarray(payload + 6, end));
    }
    const isMetadata = (marker >= APP0 && marker <= APP15) || marker === COM;
    const keep =
      !isMetadata ||
      (marker === APP0 && startsWith(bytes, payload, "JFIF\0")) ||
      marker === APP14 ||
      (marker === APP2 && startsWith(bytes, payload, "ICC_PROFILE\0"));
    if (keep) kept.push(bytes.subarray(offset, end));
    offset = end;
  }
  throw new MalformedImageError("JPEG without a picture (no start of scan)");
}

/** The Orientation of an Exif block (a TIFF structure), when it has one other than upright. */
function exifOrientation(tiff: Buffer): number | undefined {
  if (tiff.length < 8) return undefined;
  const little = startsWith(tiff, 0, "II");
  if (!little && !startsWith(tiff, 0, "MM")) return undefined;
  const u16 = (at: number) => (little ? tiff.readUInt16LE(at) : tiff.readUInt16BE(at));
  const u32 = (at: number) => (little ? tiff.readUInt32LE(at) : tiff.readUInt32BE(at));
  const ifd = u32(4);
  if (ifd + 2 > tiff.length) return undefined;
  const entries = u16(ifd);
  for (let index = 0; index < entries; index++) {
    const entry = ifd + 2 + index * 12;
    if (entry + 12 > tiff.length) return undefined;
    if (u16(entry) === ORIENTATION_TAG) {
      const value = u16(entry + 8);
      return value >= 2 && value <= 8 ? value : undefined;
    }
  }
  return undefined;
}

/** A fresh Exif segment holding the orientation alone, placed right after SOI (and JFIF). */
function withOrientation(segments: Buffer[], orientation: number | undefined): Buffer[] {
  if (orientation === undefined) return segments;
  const tiff = Buffer.alloc(26);
  tiff.write("II*\0", 0, "latin1");
  tiff.writeUInt32LE(8, 4); // IFD0 right after the header
  tiff.writeUInt16LE(1, 8); // one entry
  tiff.writeUInt16LE(ORIENTATION_TAG, 10);
  tiff.writeUInt16LE(3, 12); // SHORT
  tiff.writeUInt32LE(1, 14); // one value
  tiff.writeUInt16LE(orientation, 18);
  tiff.writeUInt32LE(0, 22); // no next IFD
  const payload = Buffer.concat([Buffer.from("Exif\0\0", "latin1"), tiff]);
  const header = Buffer.from([0xff, APP1, 0, 0]);
  header.writeUInt16BE(payload.length + 2, 2);
  const [soi, ...rest] = segments;
  const jfif = rest[0]?.[1] === APP0 ? [rest.shift() as Buffer] : [];
  return [soi ?? Buffer.alloc(0), ...jfif, header, payload, ...rest];
}

// PNG: chunks of length, type, data, CRC. Kept: the picture and how to show its colours.
const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const PNG_KEPT = new Set([
  "IHDR",
  "PLTE",
  "IDAT",
  "IEND",
  "tRNS",
  "gAMA",
  "cHRM",
  "sRGB",
  "iCCP",
  "sBIT",
  "bKGD",
  "pHYs",
  "acTL", // animated PNG: frames and their control
  "fcTL",
  "fdAT",
]);

function stripPng(bytes: Buffer): Buffer {
  if (!bytes.subarray(0, 8).equals(PNG_SIGNATURE)) throw new MalformedImageError("not a PNG");
  const kept: Buffer[] = [PNG_SIGNATURE];
  let offset = 8;
  while (offset + 12 <= bytes.length) {
    const length = bytes.readUInt32BE(offset);
    const type = bytes.subarray(offset + 4, offset + 8).toString("latin1");
    const end = offset + 12 + length;
    if (end > bytes.length) throw new MalformedImageError("PNG chunk overruns");
    if (PNG_KEPT.has(type)) kept.push(bytes.subarray(offset, end));
    offset = end;
    if (type === "IEND") return Buffer.concat(kept);
  }
  throw new MalformedImageError("PNG without an end");
}

// WebP: a RIFF file of chunks; the extended header (VP8X) flags which optional chunks exist.
const VP8X_EXIF = 0x08;
const VP8X_XMP = 0x04;

function stripWebp(bytes: Buffer): Buffer {
  if (!startsWith(bytes, 0, "RIFF") || !startsWith(bytes, 8, "WEBP")) {
    throw new MalformedImageError("not a WebP");
  }
  const kept: Buffer[] = [];
  let offset = 12;
  while (offset + 8 <= bytes.length) {
    const type = bytes.subarray(offset, offset + 4).toString("latin1");
    const size = bytes.readUInt32LE(offset + 4);
    const end = offset + 8 + size + (size % 2);
    if (offset + 8 + size > bytes.length) throw new MalformedImageError("WebP chunk overruns");
    if (type === "VP8X") {
      const chunk = Buffer.from(bytes.subarray(offset, Math.min(end, bytes.length)));
      chunk[8] = (chunk[8] ?? 0) & ~(VP8X_EXIF | VP8X_XMP);
      kept.push(chunk);
    } else if (type !== "EXIF" && type !== "XMP ") {
      kept.push(bytes.subarray(offset, Math.min(end, bytes.length)));
    }
    offset = end;
  }
  const body = Buffer.concat(kept);
  const header = Buffer.alloc(12);
  header.write("RIFF", 0, "latin1");
  header.writeUInt32LE(body.length + 4, 4);
  header.write("WEBP", 8, "latin1");
  return Buffer.concat([header, body]);
}
