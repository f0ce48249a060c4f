import { describe, expect, it } from "vitest";
import { stripImageMetadata } from "../../../src/http/public/image-metadata.js";
import {
  jpegSegments,
  SECRET_GPS,
  SECRET_OWNER,
  taggedJpeg,
  taggedPng,
  taggedWebp,
  WIDE_JPEG,
  WIDE_PNG,
  WIDE_WEBP,
} from "../../support/tagged-images.js";

const carriesSecrets = (bytes: Buffer) => {
  const text = bytes.toString("latin1");
  return text.includes(SECRET_OWNER) || text.includes(SECRET_GPS.slice(0, 8));
};

describe("stripImageMetadata", () => {
  it("takes the owner, GPS and comments out of a JPEG and keeps its picture and orientation", () => {
    const tagged = taggedJpeg(6);
    expect(carriesSecrets(tagged)).toBe(true);
    const cleaned = stripImageMetadata(tagged, "image/jpeg");
    if (!cleaned) throw new Error("a JPEG can be cleaned");
    expect(carriesSecrets(cleaned)).toBe(false);
    const segments = jpegSegments(cleaned);
    const markers = segments.map((segment) => segment.marker);
    // JFIF, the new Exif, and the colour profile; no IPTC (0xed), no comment (0xfe).
    expect(markers.filter((marker) => marker >= 0xe0 && marker <= 0xef)).toEqual([
      0xe0, 0xe1, 0xe2,
    ]);
    expect(segments.find((segment) => segment.marker === 0xe2)?.payload.toString("latin1")).toMatch(
      /^ICC_PROFILE\0/,
    );
    expect(markers).not.toContain(0xfe);
    // The new Exif holds the orientation alone: one IFD entry, tag 0x0112, value 6.
    const exif = jpegSegments(cleaned).find((segment) => segment.marker === 0xe1)?.payload;
    expect(exif?.subarray(0, 6).toString("latin1")).toBe("Exif\0\0");
    const tiff = exif?.subarray(6) ?? Buffer.alloc(0);
    expect(tiff.readUInt16LE(8)).toBe(1);
    expect(tiff.readUInt16LE(10)).toBe(0x0112);
    expect(tiff.readUInt16LE(18)).toBe(6);
    // The picture (from the start of scan to the end) is untouched.
    const scan = (jpeg: Buffer) => jpeg.subarray(jpeg.indexOf(Buffer.from([0xff, 0xda])));
    expect(scan(cleaned).equals(scan(WIDE_JPEG))).toBe(true);
  });

  it("writes no Exif at all for an upright JPEG", () => {
    const cleaned = stripImageMetadata(taggedJpeg(1), "image/jpeg");
    expect(cleaned?.equals(WIDE_JPEG)).toBe(true);
  });

  it("drops text and Exif chunks from a PNG, leaving the original file", () => {
    const tagged = taggedPng();
    expect(carriesSecrets(tagged)).toBe(true);
    expect(stripImageMetadata(tagged, "image/png")?.equals(WIDE_PNG)).toBe(true);
  });

  it("drops EXIF and XMP from a WebP and clears their flags, leaving the original file", () => {
    const tagged = taggedWebp();
    expect(carriesSecrets(tagged)).toBe(true);
    expect(stripImageMetadata(tagged, "image/webp")?.equals(WIDE_WEBP)).toBe(true);
  });

  it("publishes nothing it cannot clean: other types, and files that are not what they claim", () => {
    expect(stripImageMetadata(taggedJpeg(), "image/heic")).toBeUndefined();
    expect(stripImageMetadata(taggedPng(), "image/jpeg")).toBeUndefined();
    expect(stripImageMetadata(taggedJpeg().subarray(0, 40), "image/jpeg")).toBeUndefined();
    expect(stripImageMetadata(Buffer.from("RIFF\0\0\0\0WAVE"), "image/webp")).toBeUndefined();
  });
});
