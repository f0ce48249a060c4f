import Fastify, {
  LogController,
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyPluginAsync,
} from "fastify";
import type { Logger } from "../infra/logger.js";

interface HttpServerOptions {
  readonly host: string;
  readonly port: number;
  readonly logger: Logger;
  readonly plugins: readonly FastifyPluginAsync[];
}

/** The HTTP server cannot listen where HTTP_HOST and HTTP_PORT say. */
export class HttpListenError extends Error {
  override name = "HttpListenError";
}

/** Why listening failed, and what the operator can do about it. */
function listenProblem(error: unknown, host: string, port: number): string | undefined {
  const where = `the HTTP server cannot listen on ${host}:${port} (HTTP_HOST:HTTP_PORT)`;
  switch ((error as { code?: unknown }).code) {
    case "EADDRINUSE":
      return `${where}: another program already uses port ${port}. Stop it, or set HTTP_PORT to a free port.`;
    case "EACCES":
      return `${where}: ports below 1024 need privileges this process does not have. Set HTTP_PORT to 1024 or above (and let a reverse proxy serve port 80/443).`;
    case "EADDRNOTAVAIL":
      return `${where}: ${host} is not an address of this machine. Set HTTP_HOST to one of its addresses, 127.0.0.1 (this machine only) or 0.0.0.0 (every interface).`;
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return `${where}: the host name ${host} does not resolve. Set HTTP_HOST to an address, such as 127.0.0.1 or 0.0.0.0.`;
    default:
      return undefined;
  }
}

/** The HTTP side of a process: webhooks and operations endpoints, each a Fastify plugin. */
export async function startHttpServer(options: HttpServerOptions): Promise<FastifyInstance> {
  const logger: FastifyBaseLogger = options.logger;
  const app = Fastify({
    loggerInstance: logger,
    logController: new LogController({ disableRequestLogging: true }),
    bodyLimit: 1024 * 1024,
  });
  app.get("/healthz", async () => ({ status: "ok" }));
  for (const plugin of options.plugins) await app.register(plugin);
  try {
    await app.listen({ host: options.host, port: options.port });
  } catch (error) {
    await app.close();
    const problem = listenProblem(error, options.host, options.port);
    throw problem ? new HttpListenError(problem, { cause: error }) : error;
  }
  return app;
}
