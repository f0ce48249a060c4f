import { GrammyError, type Api } from "grammy";
import { MediaTooLargeError, MediaUnavailableError } from "../../core/media/media-store.js";
import type { FileFetcher } from "./updates.js";

interface FileFetcherOptions {
  readonly api: Api;
  readonly apiRoot: string;
  readonly token: string;
  readonly maxBytes: number;
}

/**
 * Downloads a file a user sent: `getFile`, then the file URL of the same Bot API server (so a
 * self-hosted server works too). Never reads more than `maxBytes`, whatever the sizes claimed.
 */
export function telegramFileFetcher(options: FileFetcherOptions): FileFetcher {
  return async (fileId, declaredSize) => {
    if (declaredSize !== undefined && declaredSize > options.maxBytes)
      throw new MediaTooLargeError(declaredSize);
    let path: string | undefined;
    let size: number | undefined;
    try {
      const file = await options.api.getFile(fileId);
      path = file.file_path;
      size = file.file_size;
    } catch (error) {
      // 400: an unknown or expired file id, or a file above the Bot API's 20 MB download limit.
      if (error instanceof GrammyError && error.error_code === 400) {
        if (/too big/i.test(error.description))
          throw new MediaTooLargeError(declaredSize ?? options.maxBytes + 1);
        throw new MediaUnavailableError(error.description);
      }
      throw error;
    }
    if (size !== undefined && size > options.maxBytes) throw new MediaTooLargeError(size);
    if (!path) throw new MediaUnavailableError("the Bot API returned no file path");

    const response = await fetch(`${options.apiRoot}/file/bot${options.token}/${path}`, {
      signal: AbortSignal.timeout(60_000),
    });
    if (response.status === 400 || response.status === 404) {
      throw new MediaUnavailableError(`file download answered HTTP ${response.status}`);
    }
    if (!response.ok || !response.body)
      throw new Error(`file download answered HTTP ${response.status}`);
    const reader = (response.body as ReadableStream<Uint8Array>).getReader();
    const chunks: Uint8Array[] = [];
    let received = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      received += value.length;
      if (received > options.maxBytes) {
        await reader.cancel();
        throw new MediaTooLargeError(received);
      }
      chunks.push(value);
    }
    return Buffer.concat(chunks);
  };
}
