import type { FastifyPluginAsync } from "fastify";
import type { Metrics } from "../observability/metrics.js";
import { checkReadiness, type ReadinessCheck } from "../observability/readiness.js";

interface OperationsOptions {
  readonly readiness: readonly ReadinessCheck[];
  readonly metrics: Metrics;
}

/** `/readyz` for load balancers and orchestrators, `/metrics` for Prometheus. */
export function operationsRoutes(options: OperationsOptions): FastifyPluginAsync {
  return async (app) => {
    app.get("/readyz", async (_request, reply) => {
      const readiness = await checkReadiness(options.readiness);
      if (readiness.ready) return { status: "ok", parts: readiness.parts };
      return reply.code(503).send({
        status: "fail",
        error: `not ready: ${readiness.failing.join(", ")} failing`,
        failing: readiness.failing,
        parts: readiness.parts,
      });
    });

    app.get("/metrics", async (_request, reply) => {
      const { registry } = options.metrics;
      const body = await registry.metrics();
      return reply.type(registry.contentType).send(body);
    });
  };
}
