import { chmod, mkdir } from "node:fs/promises";

/**
 * Creates `path` (and its parents) readable by this process's user only, and narrows an
 * existing one to that: the media directory and the WhatsApp session hold reporters' photos
 * and the linked phone's login, which no other account on the machine may read.
 */
export async function privateDirectory(path: string): Promise<void> {
  await mkdir(path, { recursive: true, mode: 0o700 });
  await chmod(path, 0o700);
}
