import type { FastifyPluginAsync } from "fastify";
import type { ChannelAdapter } from "../channels/channel.js";
import { operationsRoutes } from "../http/operations.js";
import { queueDashboard } from "../http/queue-dashboard.js";
import { open311Api } from "../http/public/open311/plugin.js";
import { queueIntake } from "../http/public/open311/queue-intake.js";
import { publicPages } from "../http/public/pages-plugin.js";
import { startHttpServer } from "../http/server.js";
import { PrismaPublicReportSource } from "../infra/db/public-report-source.js";
import {
  channelCheck,
  databaseCheck,
  redisCheck,
  type ReadinessCheck,
} from "../observability/readiness.js";
import type { Cleanups } from "./cleanups.js";
import type { Services } from "./services.js";

/** How long `/readyz` waits for Redis or the database before calling it failed. */
const READINESS_TIMEOUT_MS = 2000;

/**
 * The HTTP server: health, readiness (of the channels this process receives on), metrics and
 * the queue dashboard with the http role; the platforms' webhooks wherever a bot receives them.
 */
export async function startHttp(
  services: Services,
  parts: {
    readonly operations: boolean;
    readonly webhooks: readonly FastifyPluginAsync[];
    readonly checked: readonly ChannelAdapter[];
  },
  cleanups: Cleanups,
): Promise<void> {
  const { config, logger, metrics } = services;
  const plugins = [...parts.webhooks];
  if (parts.operations) {
    const readiness: ReadinessCheck[] = [
      redisCheck(services.redis, services.redisHealth, READINESS_TIMEOUT_MS),
      databaseCheck(services.database.prisma, READINESS_TIMEOUT_MS),
      ...parts.checked.flatMap((receiver) => {
        const health = receiver.health?.bind(receiver);
        return health ? [channelCheck(receiver.channel, health)] : [];
      }),
    ];
    plugins.push(
      operationsRoutes({ readiness, metrics }),
      ...publicSide(services),
      queueDashboard({
        queues: [
          services.intakeQueue.queue,
          ...services.outbound.all(),
          services.deadlineScheduler.queue,
        ],
        user: config.ADMIN_USER,
        password: config.ADMIN_PASSWORD,
      }),
    );
  }
  const server = await startHttpServer({
    host: config.HTTP_HOST,
    port: config.HTTP_PORT,
    logger,
    plugins,
  });
  cleanups.push(() => server.close());
  logger.info({ host: config.HTTP_HOST, port: config.HTTP_PORT }, "HTTP server listening");
}

/** The public pages and Open311: what citizens, journalists and other systems read and file. */
function publicSide(services: Services): FastifyPluginAsync[] {
  const { config, catalog, calendar, clock } = services;
  const source = new PrismaPublicReportSource(
    services.database.prisma,
    services.accountability,
    services.media,
  );
  const shared = {
    source,
    catalog,
    calendar,
    clock,
    trackingCodePrefix: config.TRACKING_CODE_PREFIX,
    defaultLanguage: config.DEFAULT_LANGUAGE,
  };
  return [
    publicPages({ ...shared, timeZone: config.TIME_ZONE }),
    open311Api({
      ...shared,
      intake: queueIntake(services.intakeQueue),
      apiKeys: config.OPEN311_API_KEYS,
      contact: config.OPEN311_CONTACT,
      ...(config.OPEN311_JURISDICTION_ID ? { jurisdictionId: config.OPEN311_JURISDICTION_ID } : {}),
      ...(config.PUBLIC_BASE_URL ? { publicBaseUrl: config.PUBLIC_BASE_URL } : {}),
    }),
  ];
}
