import { createHash, randomUUID } from "node:crypto";
import { mkdir, readFile, readdir, rename, rm, stat, utimes, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { fileTypeFromBuffer } from "file-type";
import type { IncomingMedia } from "../messages.js";
import { truncate } from "../text.js";
import { privateDirectory } from "./private-dir.js";
import { stripImageMetadata } from "./clean-image.js";

/** An attachment kept under the media directory, named by its content hash. */
export interface StoredFile {
  readonly kind: "photo" | "document";
  readonly mime: string;
  readonly size: number;
  readonly sha256: string;
  /** Relative to the media directory; never derived from anything the user supplied. */
  readonly storagePath: string;
  readonly originalName?: string;
}

export type MediaRejection =
  | { readonly reason: "too_large"; readonly size: number; readonly max: number }
  | { readonly reason: "type_not_allowed"; readonly mime: string | undefined }
  | { readonly reason: "unavailable" };

export type SaveResult =
  | { readonly ok: true; readonly file: StoredFile }
  | { readonly ok: false; readonly rejection: MediaRejection };

/** A channel throws this from `download()` when the platform no longer has the file. */
export class MediaUnavailableError extends Error {
  override name = "MediaUnavailableError";
}

/** A channel throws this from `download()` when the file turns out larger than allowed. */
export class MediaTooLargeError extends Error {
  override name = "MediaTooLargeError";

  constructor(readonly size: number) {
    super(`file of ${size} bytes is too large`);
  }
}

export interface MediaStoreOptions {
  dir: string;
  maxBytes: number;
  allowedTypes: readonly string[];
}

/**
 * Checks and keeps attachments. The type comes from the file's content, never from its name
 * or the platform's claim, so a renamed executable is refused whatever it calls itself.
 */
export class MediaStore {
  constructor(private readonly options: MediaStoreOptions) {}

  get maxBytes(): number {
    return this.options.maxBytes;
  }

  /** Creates the media directory (or narrows an existing one) readable by this user only. */
  async prepare(): Promise<void> {
    await privateDirectory(this.options.dir);
  }

  async save(media: IncomingMedia): Promise<SaveResult> {
    const max = this.options.maxBytes;
    if (media.declaredSize !== undefined && media.declaredSize > max) {
      return { ok: false, rejection: { reason: "too_large", size: media.declaredSize, max } };
    }
    let bytes: Buffer;
    try {
      bytes = await media.download();
    } catch (error) {
      if (error instanceof MediaUnavailableError) {
        return { ok: false, rejection: { reason: "unavailable" } };
      }
      if (error instanceof MediaTooLargeError) {
        return { ok: false, rejection: { reason: "too_large", size: error.size, max } };
      }
      throw error;
    }
    if (bytes.length > max) {
      return { ok: false, rejection: { reason: "too_large", size: bytes.length, max } };
    }
    const detected = await fileTypeFromBuffer(bytes);
    if (!detected || !this.options.allowedTypes.includes(detected.mime)) {
      return { ok: false, rejection: { reason: "type_not_allowed", mime: detected?.mime } };
    }
    const kept = await this.keep(bytes, detected.mime, detected.ext);
    if (!kept) return { ok: false, rejection: { reason: "type_not_allowed", mime: detected.mime } };
    const originalName = media.fileName ? truncate(basename(media.fileName), 200) : undefined;
    return { ok: true, file: { ...kept, ...(originalName ? { originalName } : {}) } };
  }

  /**
   * Keeps bytes the service made itself (a chart, a CSV export) to send as a file. `kind` is
   * how it is sent; `name` is the name a document is shown with.
   */
  async store(
    bytes: Buffer,
    options: { readonly kind: "photo" | "document"; readonly mime: string; readonly name?: string },
  ): Promise<StoredFile> {
    const detected = await fileTypeFromBuffer(bytes);
    const extension = detected?.ext ?? extensionOf(options.name) ?? "bin";
    const kept = await this.keep(bytes, detected?.mime ?? options.mime, extension);
    if (!kept)
      throw new Error(`cannot keep a ${options.mime} image whose metadata cannot be removed`);
    const name = options.name ? truncate(basename(options.name), 200) : undefined;
    return { ...kept, kind: options.kind, ...(name ? { originalName: name } : {}) };
  }

  /** A stored file's bytes, for a channel uploading it. */
  async read(file: Pick<StoredFile, "storagePath">): Promise<Buffer> {
    return readFile(this.pathOf(file));
  }

  /**
   * Writes a file under its content hash. Every image is re-encoded without its metadata first,
   * so nothing kept (and so nothing any staff member, reporter or public page receives) carries
   * EXIF, GPS or XMP; an image that cannot be cleaned is not kept (undefined).
   */
  private async keep(
    received: Buffer,
    mime: string,
    extension: string,
  ): Promise<Omit<StoredFile, "originalName"> | undefined> {
    const image = mime.startsWith("image/");
    const bytes = image ? await stripImageMetadata(received, mime) : received;
    if (!bytes) return undefined;
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const storagePath = join(sha256.slice(0, 2), `${sha256}.${extension}`);
    const target = join(this.options.dir, storagePath);
    if (await exists(target)) {
      // The same bytes again (another draft): the file counts as new for the draft sweep.
      const now = new Date();
      await utimes(target, now, now);
    } else {
      await mkdir(join(this.options.dir, sha256.slice(0, 2)), { recursive: true, mode: 0o700 });
      const temporary = `${target}.${randomUUID()}.tmp`;
      await writeFile(temporary, bytes);
      await rename(temporary, target);
    }
    return { kind: image ? "photo" : "document", mime, size: bytes.length, sha256, storagePath };
  }

  /** Absolute path of a stored file, for channels that send attachments on to staff. */
  pathOf(file: Pick<StoredFile, "storagePath">): string {
    return join(this.options.dir, file.storagePath);
  }

  /** Deletes these stored files (a missing one is already gone); returns how many went. */
  async remove(storagePaths: readonly string[]): Promise<number> {
    let removed = 0;
    for (const storagePath of storagePaths) {
      const path = join(this.options.dir, storagePath);
      if (!(await exists(path))) continue;
      await rm(path, { force: true });
      removed++;
    }
    return removed;
  }

  /**
   * Deletes the files last written before `before` that `keep` (the storage paths attachments
   * use) does not hold: uploads of drafts that were never sent, or were erased. Returns how many.
   */
  async sweep(before: Date, keep: ReadonlySet<string>): Promise<number> {
    const dir = this.options.dir;
    if (!(await exists(dir))) return 0;
    let removed = 0;
    for (const bucket of await readdir(dir, { withFileTypes: true })) {
      if (!bucket.isDirectory()) continue;
      for (const name of await readdir(join(dir, bucket.name))) {
        const storagePath = join(bucket.name, name);
        if (keep.has(storagePath)) continue;
        const path = join(dir, storagePath);
        const info = await stat(path);
        if (!info.isFile() || info.mtime >= before) continue;
        await rm(path, { force: true });
        removed++;
      }
    }
    return removed;
  }
}

function extensionOf(name: string | undefined): string | undefined {
  const match = name ? /\.([a-z0-9]{1,8})$/i.exec(name) : null;
  return match?.[1]?.toLowerCase();
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
