import { createHash, timingSafeEqual } from "node:crypto";
import type { Queue } from "bullmq";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";

export const DASHBOARD_PATH = "/admin/queues";

interface DashboardOptions {
  readonly queues: readonly Queue[];
  readonly user: string;
  /** Without a password the dashboard is refused: it can retry and delete jobs. */
  readonly password: string | undefined;
}

const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();

/** Compares digests, so neither the length nor a common prefix of a guess shows in the timing. */
function same(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

/** The user and password of an `Authorization: Basic` header, when it has one. */
function basicCredentials(header: string | undefined): { user: string; password: string } | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? "");
  if (!match?.[1]) return null;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon < 0) return null;
  return { user: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Bull Board, the queues' web dashboard, behind HTTP Basic auth (ADMIN_USER/ADMIN_PASSWORD). */
export function queueDashboard(options: DashboardOptions): FastifyPluginAsync {
  const { password } = options;
  return async (app) => {
    if (!password) {
      const refuse = (_request: FastifyRequest, reply: FastifyReply) =>
        reply.code(403).send({
          error: "the queue dashboard is disabled until ADMIN_PASSWORD is set",
        });
      app.get(DASHBOARD_PATH, refuse);
      app.all(`${DASHBOARD_PATH}/*`, refuse);
      return;
    }

    // Loaded only when enabled: Bull Board and its UI cost ~20 MB in every process otherwise.
    const [{ createBullBoard }, { BullMQAdapter }, { FastifyAdapter }] = await Promise.all([
      import("@bull-board/api"),
      import("@bull-board/api/bullMQAdapter"),
      import("@bull-board/fastify"),
    ]);
    const board = new FastifyAdapter();
    board.setBasePath(DASHBOARD_PATH);
    createBullBoard({
      queues: options.queues.map((queue) => new BullMQAdapter(queue)),
      serverAdapter: board,
    });
    // A child scope: the hook guards the dashboard's routes and nothing else on the server.
    await app.register(async (scope) => {
      scope.addHook("onRequest", async (request, reply) => {
        const given = basicCredentials(request.headers.authorization);
        // Both comparisons always run, so a wrong user takes as long as a wrong password.
        const userOk = same(given?.user ?? "", options.user);
        const passwordOk = same(given?.password ?? "", password);
        if (given && userOk && passwordOk) return;
        // Returning the reply ends the request here: the dashboard's routes never run.
        return reply
          .code(401)
          .header("www-authenticate", 'Basic realm="Aduan queues", charset="UTF-8"')
          .send({ error: "the queue dashboard needs ADMIN_USER and ADMIN_PASSWORD" });
      });
      await scope.register(board.registerPlugin(), { prefix: DASHBOARD_PATH });
    });
  };
}
