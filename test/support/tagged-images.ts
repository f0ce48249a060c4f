import { readFileSync } from "node:fs";
import { join } from "node:path";
import { crc32 } from "node:zlib";

/**
 * Small real images (8×4 px, red left half, blue right half, drawn by Chromium), and the same
 * images with the metadata phones write into them: an owner's name, GPS coordinates, a comment.
 */
const IMAGES = join(import.meta.dirname, "images");
export const WIDE_JPEG = readFileSync(join(IMAGES, "wide.jpg"));
export const WIDE_PNG = readFileSync(join(IMAGES, "wide.png"));
export const WIDE_WEBP = readFileSync(join(IMAGES, "wide.webp"));

/** What the tagged images carry and a published photo must not. */
export const SECRET_OWNER = "Siti Rahayu";
export const SECRET_GPS = "-6.20881234,106.84561234";

/** A little-endian TIFF block: IFD0 with ASCII Artist and ImageDescription, and Orientation. */
function exifTiff(orientation: number): Buffer {
  const artist = Buffer.from(`${SECRET_OWNER}\0`, "latin1");
  const description = Buffer.from(`GPS ${SECRET_GPS}\0`, "latin1");
  const entries = 3;
  const ifdSize = 2 + entries * 12 + 4;
  const dataStart = 8 + ifdSize;
  const tiff = Buffer.alloc(dataStart + artist.length + description.length);
  tiff.write("II*\0", 0, "latin1");
  tiff.writeUInt32LE(8, 4);
  tiff.writeUInt16LE(entries, 8);
  const entry = (index: number, tag: number, type: number, count: number, value: number) => {
    const at = 10 + index * 12;
    tiff.writeUInt16LE(tag, at);
    tiff.writeUInt16LE(type, at + 2);
    tiff.writeUInt32LE(count, at + 4);
    if (type === 3) tiff.writeUInt16LE(value, at + 8);
    else tiff.writeUInt32LE(value, at + 8);
  };
  entry(0, 0x010e, 2, description.length, dataStart + artist.length); // ImageDescription
  entry(1, 0x0112, 3, 1, orientation); // Orientation
  entry(2, 0x013b, 2, artist.length, dataStart); // Artist
  tiff.writeUInt32LE(0, 10 + entries * 12);
  artist.copy(tiff, dataStart);
  description.copy(tiff, dataStart + artist.length);
  return tiff;
}

function jpegSegment(marker: number, payload: Buffer): Buffer {
  const header = Buffer.from([0xff, marker, 0, 0]);
  header.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([header, payload]);
}

/** The JPEG with Exif (owner, GPS, orientation), an IPTC block and a comment after its JFIF. */
export function taggedJpeg(orientation = 1): Buffer {
  const jfifEnd = 4 + WIDE_JPEG.readUInt16BE(4);
  return Buffer.concat([
    WIDE_JPEG.subarray(0, jfifEnd),
    jpegSegment(0xe1, Buffer.concat([Buffer.from("Exif\0\0", "latin1"), exifTiff(orientation)])),
    jpegSegment(0xed, Buffer.from(`Photoshop 3.0\0${SECRET_OWNER}`, "latin1")),
    jpegSegment(0xfe, Buffer.from(`taken by ${SECRET_OWNER} at ${SECRET_GPS}`, "latin1")),
    WIDE_JPEG.subarray(jfifEnd),
  ]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** The PNG with a tEXt author, an iTXt comment and an eXIf block before its picture. */
export function taggedPng(): Buffer {
  const ihdrEnd = 8 + 12 + WIDE_PNG.readUInt32BE(8);
  return Buffer.concat([
    WIDE_PNG.subarray(0, ihdrEnd),
    pngChunk("tEXt", Buffer.from(`Author\0${SECRET_OWNER}`, "latin1")),
    pngChunk("iTXt", Buffer.from(`Comment\0\0\0\0\0GPS ${SECRET_GPS}`, "latin1")),
    pngChunk("eXIf", exifTiff(1)),
    WIDE_PNG.subarray(ihdrEnd),
  ]);
}

function riffChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.write(type, 0, "latin1");
  head.writeUInt32LE(data.length, 4);
  return Buffer.concat([head, data, data.length % 2 === 1 ? Buffer.alloc(1) : Buffer.alloc(0)]);
}

/** The WebP (already extended, VP8X) with EXIF and XMP chunks, flagged in its header. */
export function taggedWebp(): Buffer {
  const body = Buffer.concat([
    WIDE_WEBP.subarray(12),
    riffChunk("EXIF", exifTiff(1)),
    riffChunk(
      "XMP ",
      Buffer.from(`<x:xmpmeta><dc:creator>${SECRET_OWNER}</dc:creator></x:xmpmeta>`),
    ),
  ]);
  const flagged = Buffer.from(body);
  // VP8X is the first chunk; its flags byte follows the 8-byte chunk header.
  flagged[8] = (flagged[8] ?? 0) | 0x08 | 0x04;
  const header = Buffer.alloc(12);
  header.write("RIFF", 0, "latin1");
  header.writeUInt32LE(flagged.length + 4, 4);
  header.write("WEBP", 8, "latin1");
  return Buffer.concat([header, flagged]);
}

/** The JPEG's segments up to the picture, as [marker, payload] pairs. */
export function jpegSegments(jpeg: Buffer): { marker: number; payload: Buffer }[] {
  const segments: { marker: number; payload: Buffer }[] = [];
  let offset = 2;
  while (offset < jpeg.length) {
    const marker = jpeg[offset + 1] ?? 0;
    const length = jpeg.readUInt16BE(offset + 2);
    segments.push({ marker, payload: jpeg.subarray(offset + 4, offset + 2 + length) });
    if (marker === 0xda) break;
    offset += 2 + length;
  }
  return segments;
}
