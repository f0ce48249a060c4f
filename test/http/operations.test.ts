import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { traceIdOf } from "../../src/core/messages.js";
import type { FakeTelegram } from "../support/fake-telegram.js";
import type { ServiceProcess } from "../support/process.js";
import { PrivatePostgres } from "../support/private-services.js";
import { startService, type ServiceUnderTest } from "../support/running-service.js";
import { fillInformationRequest, TRACKING_CODE } from "../support/chat-flows.js";
import { eventually } from "../support/wait.js";

/**
 * The operator's view of one running service: readiness, Prometheus metrics and the trace of
 * one report through the JSON logs. The database is a private server this file stops last.
 */

let postgres: PrivatePostgres;
let running: ServiceUnderTest<FakeTelegram>;
let fake: FakeTelegram;
let service: ServiceProcess;
let base: string;

interface LogLine {
  readonly msg: string;
  readonly [field: string]: unknown;
}

function logLines(): LogLine[] {
  return service.stdout
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as LogLine);
}

async function readyz(): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`${base}/readyz`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function metrics(): Promise<string> {
  const response = await fetch(`${base}/metrics`);
  expect(response.headers.get("content-type")).toContain("text/plain");
  return response.text();
}

/** The value of one sample, such as `aduan_reports_stored_total{channel="telegram"}`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split("\n").find((candidate) => candidate.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

beforeAll(async () => {
  postgres = await PrivatePostgres.create();
  running = await startService({
    platform: "telegram",
    database: { url: postgres.url },
    env: { ADMIN_PASSWORD: "correct-horse-battery" },
    process: { roles: "bot,worker,http" },
  });
  ({ fake, process: service } = running);
  base = service.httpUrl;
}, 90_000);

afterAll(async () => {
  await running.stop();
  await postgres.destroy();
});

describe("the HTTP role of a running service", () => {
  it("is ready when Redis, the database and the Telegram bot are", async () => {
    const { status, body } = await readyz();
    expect(status).toBe(200);
    expect(body).toEqual({
      status: "ok",
      parts: {
        redis: { status: "ok" },
        database: { status: "ok" },
        telegram: { status: "ok", state: "polling" },
      },
    });
  });

  it("counts a report filed end to end, and one cancelled draft at the step it was left", async () => {
    const citizen = fake.citizen(901);
    await fillInformationRequest(citizen);
    citizen.press("Kirim");
    await citizen.expect("sudah tercatat");

    const quitter = fake.citizen(902);
    quitter.send("/lapor");
    await quitter.expect("Apa jenis laporan Anda?");
    quitter.send("/batal");
    await quitter.expect("dibatalkan");

    const text = await eventually(
      async () => {
        const body = await metrics();
        return sample(body, 'aduan_job_duration_seconds_count{queue="intake",status="completed"}')
          ? body
          : undefined;
      },
      { what: "the intake job counted as completed" },
    );
    expect(sample(text, 'aduan_reports_received_total{channel="telegram"}')).toBe(1);
    expect(sample(text, 'aduan_reports_stored_total{channel="telegram"}')).toBe(1);
    expect(sample(text, 'aduan_flow_completions_total{flow="informasi"}')).toBe(1);
    expect(
      sample(text, 'aduan_flow_abandonments_total{flow="lapor",step="kind",reason="cancelled"}'),
    ).toBe(1);
    expect(
      sample(text, 'aduan_job_duration_seconds_count{queue="intake",status="completed"}'),
    ).toBe(1);
    // Stored, then removed from Redis: a completed intake job would hold the reporter's data.
    expect(sample(text, 'aduan_queue_jobs{queue="intake",state="completed"}')).toBe(0);
    expect(sample(text, 'aduan_queue_jobs{queue="intake",state="failed"}')).toBe(0);
    expect(text).toContain("process_resident_memory_bytes");
  });

  it("logs one traceId on the queued and stored lines of a report, both with its code", async () => {
    const citizen = fake.citizen(903);
    await fillInformationRequest(citizen);
    const updateId = citizen.press("Kirim");
    const confirmation = await citizen.expect("sudah tercatat");
    const code = TRACKING_CODE.exec(confirmation.text)?.[0];
    const traceId = traceIdOf({ channel: "telegram", messageId: String(updateId) });

    const lines = await eventually(
      () => {
        const traced = logLines().filter((line) => line.traceId === traceId);
        return traced.some((line) => line.msg === "report stored") ? traced : undefined;
      },
      { what: `the 'report stored' line of ${traceId}` },
    );
    const queued = lines.find((line) => line.msg === "report queued for intake");
    const stored = lines.find((line) => line.msg === "report stored");
    expect(queued).toMatchObject({ flow: "informasi", trackingCode: code });
    expect(stored).toMatchObject({ trackingCode: code });
    expect(stored?.reportId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it("serves the queue dashboard to ADMIN_USER with ADMIN_PASSWORD only", async () => {
    const credentials = (password: string) => ({
      authorization: `Basic ${Buffer.from(`admin:${password}`).toString("base64")}`,
    });
    expect((await fetch(`${base}/admin/queues`)).status).toBe(401);
    const wrong = await fetch(`${base}/admin/queues`, { headers: credentials("guess-guess-1") });
    expect(wrong.status).toBe(401);
    const right = await fetch(`${base}/admin/queues/api/queues`, {
      headers: credentials("correct-horse-battery"),
    });
    expect(right.status).toBe(200);
    const { queues } = (await right.json()) as { queues: { name: string }[] };
    expect(queues.map((queue) => queue.name)).toEqual(
      expect.arrayContaining(["intake", "outbound-telegram", "deadlines"]),
    );
  });

  it("answers 503 naming the database once PostgreSQL stops", async () => {
    await postgres.stop();
    const { status, body } = await eventually(
      async () => {
        const answer = await readyz();
        return answer.status === 503 ? answer : undefined;
      },
      { what: "/readyz to answer 503" },
    );
    expect(status).toBe(503);
    expect(body).toMatchObject({
      status: "fail",
      error: "not ready: database failing",
      failing: ["database"],
      parts: {
        redis: { status: "ok" },
        database: { status: "fail" },
        telegram: { status: "ok" },
      },
    });
    expect(JSON.stringify(body.parts)).toMatch(/"database":\{"status":"fail","error":"[^"]+"/);
    // Liveness is not readiness: the process itself is fine.
    expect((await fetch(`${base}/healthz`)).status).toBe(200);
  });
});
