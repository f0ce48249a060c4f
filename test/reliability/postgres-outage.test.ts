import { setTimeout as sleep } from "node:timers/promises";
import pg from "pg";
import { afterAll, beforeAll, expect, it } from "vitest";
import type { FakeTelegram } from "../support/fake-telegram.js";
import type { ServiceProcess } from "../support/process.js";
import { PrivatePostgres } from "../support/private-services.js";
import { startService, type ServiceUnderTest } from "../support/running-service.js";
import { fillInformationRequest, TRACKING_CODE } from "../support/chat-flows.js";
import { eventually } from "../support/wait.js";

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

it("keeps a report submitted while PostgreSQL is down and stores it under the code told once the database is back", async () => {
  const citizen = fake.citizen(801);
  await fillInformationRequest(citizen);

  await postgres.stop();
  citizen.press("Kirim");
  // The conversation needs only Redis: the citizen gets the report's number at once.
  const confirmation = await citizen.expect("sudah tercatat");
  const code = TRACKING_CODE.exec(confirmation.text)?.[0] ?? "";
  citizen.send(`/status ${code}`);
  await citizen.expect("sedang disimpan");
  await sleep(OUTAGE_MS);
  expect(service.stdout).toContain("intake job failed; it will be retried");

  await postgres.start();
  const storedCodes = async () => {
    const client = new pg.Client({ connectionString: postgres.url });
    await client.connect();
    try {
      const reports = await client.query<{ tracking_code: string }>(
        "SELECT tracking_code FROM reports",
      );
      return reports.rows.length > 0 ? reports.rows.map((row) => row.tracking_code) : undefined;
    } finally {
      await client.end();
    }
  };
  expect(await eventually(storedCodes, { what: "the report stored", timeoutMs: 150_000 })).toEqual([
    code,
  ]);
  citizen.send(`/status ${code}`);
  await citizen.expect("Riwayat");
  expect(citizen.texts().filter((text) => text.includes("sudah tercatat"))).toHaveLength(1);
}, 300_000);
