import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { FakeTelegram } from "../support/fake-telegram.js";
import type { ServiceProcess } from "../support/process.js";
import { PrivatePostgres } from "../support/private-services.js";
import { startService, type ServiceUnderTest } from "../support/running-service.js";
import { fillInformationRequest, TRACKING_CODE } from "../support/chat-flows.js";

/** Guarantee 1: a database outage of a minute delays a report; it never loses it. */
const OUTAGE_MS = 60_000;

let postgres: PrivatePostgres;
let running: ServiceUnderTest<FakeTelegram>;
let fake: FakeTelegram;
let service: ServiceProcess;

beforeAll(async () => {
  postgres = await PrivatePostgres.create();
  running = await startService({
    platform: "telegram",
    database: { url: postgres.url },
    process: { roles: "bot,worker" },
  });
  ({ fake, process: service } = running);
}, 90_000);

afterAll(async () => {
  await running.stop();
  await postgres.destroy();
});

it("keeps a report submitted while PostgreSQL is down and confirms it once the database is back", async () => {
  const citizen = fake.citizen(801);
  await fillInformationRequest(citizen);

  await postgres.stop();
  citizen.press("Kirim");
  // The conversation needs only Redis: the citizen hears at once that the report is on its way.
  await citizen.expect("Laporan Anda sedang diproses");
  await sleep(OUTAGE_MS);
  expect(service.stdout).toContain("intake job failed; it will be retried");
  expect(citizen.texts().some((text) => text.includes("sudah tercatat"))).toBe(false);

  await postgres.start();
  const confirmation = await citizen.expect("sudah tercatat", 150_000);
  const code = TRACKING_CODE.exec(confirmation.text)?.[0];

  const client = new pg.Client({ connectionString: postgres.url });
  await client.connect();
  try {
    const reports = await client.query<{ tracking_code: string }>(
      "SELECT tracking_code FROM reports",
    );
    expect(reports.rows.map((row) => row.tracking_code)).toEqual([code]);
  } finally {
    await client.end();
  }
  expect(citizen.texts().filter((text) => text.includes("sudah tercatat"))).toHaveLength(1);
}, 300_000);
