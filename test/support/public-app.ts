import { join } from "node:path";
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from "fastify";
import { loadCatalog } from "../../src/config/catalog.js";
import { loadHolidays } from "../../src/config/holidays.js";
import { WorkingCalendar } from "../../src/core/time/working-days.js";
import type { ApiKey } from "../../src/http/public/open311/api-keys.js";
import type {
  ServiceRequestIntake,
  ServiceRequestSubmission,
} from "../../src/http/public/open311/intake.js";
import { open311Api } from "../../src/http/public/open311/plugin.js";
import { publicPages } from "../../src/http/public/pages-plugin.js";
import type { PublicReportSource } from "../../src/http/public/report-source.js";
import { PROJECT_ROOT } from "../../src/infra/paths.js";
import { NOW, publicFixtureSource } from "./public-fixtures.js";
import { silentLogger } from "./services.js";

export const catalog = loadCatalog(join(PROJECT_ROOT, "config", "catalog.yaml"));
export const calendar = new WorkingCalendar(
  "Asia/Jakarta",
  loadHolidays(join(PROJECT_ROOT, "config", "holidays.yaml")),
);

export const API_KEY: ApiKey = { name: "kiosk", key: "kiosk-7f3a9c2e51b84d6f0a1e" };
export const JURISDICTION = "aduan.example.go.id";
export const PUBLIC_BASE_URL = "https://aduan.example.go.id";

/** The write port, remembering what it was handed. */
export class RecordingIntake implements ServiceRequestIntake {
  readonly submitted: ServiceRequestSubmission[] = [];

  async submit(request: ServiceRequestSubmission): Promise<void> {
    this.submitted.push(request);
  }
}

export interface PublicAppOptions {
  readonly source?: PublicReportSource;
  readonly intake?: RecordingIntake;
  readonly pageSize?: number;
}

/** A Fastify app with the public pages and the Open311 API over the fixtures, at NOW. */
export async function publicApp(options: PublicAppOptions = {}): Promise<FastifyInstance> {
  const logger: FastifyBaseLogger = silentLogger;
  const app = Fastify({ loggerInstance: logger });
  const source = options.source ?? publicFixtureSource();
  const shared = {
    source,
    catalog,
    calendar,
    trackingCodePrefix: "ADU",
    defaultLanguage: "id" as const,
    clock: () => NOW,
  };
  await app.register(
    publicPages({
      ...shared,
      timeZone: "Asia/Jakarta",
      ...(options.pageSize ? { pageSize: options.pageSize } : {}),
    }),
  );
  await app.register(
    open311Api({
      ...shared,
      intake: options.intake ?? new RecordingIntake(),
      apiKeys: [{ name: "webform", key: "webform-00000000000000000000" }, API_KEY],
      jurisdictionId: JURISDICTION,
      publicBaseUrl: PUBLIC_BASE_URL,
      contact: "Meja pengaduan: aduan@example.go.id",
    }),
  );
  return app;
}
