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
  await app.listen({ host: options.host, port: options.port });
  return app;
}
