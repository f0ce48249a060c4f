import { createHash, randomUUID } from "node:crypto";
import { mkdir, readdir, rename, rm, stat, utimes, writeFile } from "node:fs/promises";
import { basename, join } from "node:path";
import { fileTypeFromBuffer } from "file-type";
import type { IncomingMedia } from "../messages.js";
import { truncate } from "../text.js";
import { privateDirectory } from "./private-dir.js";

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
    const sha256 = createHash("sha256").update(bytes).digest("hex");
    const storagePath = join(sha256.slice(0, 2), `${sha256}.${detected.ext}`);
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
    const originalName = media.fileName ? truncate(basename(media.fileName), 200) : undefined;
    return {
      ok: true,
      file: {
        kind: detected.mime.startsWith("image/") ? "photo" : "document",
        mime: detected.mime,
        size: bytes.length,
        sha256,
        storagePath,
        ...(originalName ? { originalName } : {}),
      },
    };
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

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
