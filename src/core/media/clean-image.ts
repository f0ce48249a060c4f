import sharp, { type Sharp } from "sharp";

/** The image types whose metadata is removed by re-encoding; the encoder keeps the type. */
const ENCODERS = {
  "image/jpeg": (image: Sharp) => image.jpeg({ quality: 90, mozjpeg: true }),
  "image/png": (image: Sharp) => image.png(),
  "image/webp": (image: Sharp) => image.webp({ quality: 90 }),
} as const satisfies Record<string, (image: Sharp) => Sharp>;

type CleanableMime = keyof typeof ENCODERS;

export const isCleanableImage = (mime: string): mime is CleanableMime => mime in ENCODERS;

/**
 * The picture without its metadata: EXIF (camera serial, GPS coordinates of the reporter's
 * home), XMP, IPTC and comments. The EXIF orientation is applied to the pixels first, so the
 * photo still stands upright once the tag that said how to turn it is gone; sharp writes no
 * metadata unless asked to (`withMetadata`), which we never do. Undefined when the bytes are
 * not an image sharp can decode (HEIC's codec is not in sharp's prebuilt binary): such a file
 * must not be kept or passed on with its metadata.
 */
export async function stripImageMetadata(bytes: Buffer, mime: string): Promise<Buffer | undefined> {
  if (!isCleanableImage(mime)) return undefined;
  try {
    return await ENCODERS[mime](sharp(bytes, { failOn: "error" }).rotate()).toBuffer();
  } catch {
    return undefined;
  }
}
