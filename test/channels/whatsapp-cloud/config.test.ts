import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { DataFileError } from "../../../src/config/data-file.js";
import {
  cloudSettings,
  whatsappCloudEnvSchema,
} from "../../../src/channels/whatsapp/cloud/config.js";
import { loadTemplates } from "../../../src/channels/whatsapp/cloud/templates.js";
import { NOTICE_KINDS } from "../../../src/core/words.js";
import { temporaryDirectory } from "../../support/services.js";

const SECRETS = {
  WHATSAPP_CLOUD_ACCESS_TOKEN: `EAAG${"a1".repeat(30)}`,
  WHATSAPP_CLOUD_PHONE_NUMBER_ID: "109876543210987",
  WHATSAPP_CLOUD_APP_SECRET: "0123456789abcdef0123456789abcdef",
  WHATSAPP_CLOUD_VERIFY_TOKEN: "verify-token-0123456789",
};

function problemsOf(env: Record<string, string>): string[] {
  const parsed = whatsappCloudEnvSchema.safeParse(env);
  return parsed.success
    ? []
    : parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
}

describe("Cloud API configuration", () => {
  it("keeps whatsapp-web.js unless told otherwise, with Meta's defaults for the rest", () => {
    const env = whatsappCloudEnvSchema.parse({});
    expect(env).toMatchObject({
      WHATSAPP_TRANSPORT: "web",
      WHATSAPP_CLOUD_API_VERSION: "v26.0",
      WHATSAPP_CLOUD_API_ROOT: "https://graph.facebook.com",
      WHATSAPP_CLOUD_SEND_PER_SECOND: 80,
      WHATSAPP_CLOUD_PAIR_INTERVAL_SECONDS: 6,
    });
    expect(cloudSettings(env)).toBeUndefined();
  });

  it("names each secret the cloud transport cannot run without", () => {
    expect(problemsOf({ WHATSAPP_TRANSPORT: "cloud" })).toEqual([
      "WHATSAPP_CLOUD_ACCESS_TOKEN: required when WHATSAPP_TRANSPORT=cloud",
      "WHATSAPP_CLOUD_PHONE_NUMBER_ID: required when WHATSAPP_TRANSPORT=cloud",
      "WHATSAPP_CLOUD_APP_SECRET: required when WHATSAPP_TRANSPORT=cloud",
      "WHATSAPP_CLOUD_VERIFY_TOKEN: required when WHATSAPP_TRANSPORT=cloud",
    ]);
  });

  it("says what each wrong value should look like and where to find it", () => {
    const problems = problemsOf({
      WHATSAPP_TRANSPORT: "official",
      ...SECRETS,
      WHATSAPP_CLOUD_PHONE_NUMBER_ID: "+62 811 0000 0000",
      WHATSAPP_CLOUD_APP_SECRET: "not-the-secret",
      WHATSAPP_CLOUD_API_VERSION: "26",
      WHATSAPP_CLOUD_API_ROOT: "graph.facebook.com",
    });
    expect(problems).toEqual([
      "WHATSAPP_TRANSPORT: expected web (whatsapp-web.js, a linked phone) or cloud (Meta's Cloud API)",
      "WHATSAPP_CLOUD_PHONE_NUMBER_ID: expected the numeric Phone number ID shown in the app's WhatsApp > API Setup, not the phone number itself",
      "WHATSAPP_CLOUD_APP_SECRET: expected the 32-character App secret from the app's App settings > Basic",
      "WHATSAPP_CLOUD_API_VERSION: expected a Graph API version such as v26.0",
      "WHATSAPP_CLOUD_API_ROOT: expected a URL such as https://graph.facebook.com",
    ]);
  });

  it("gives the channel its settings, with the pair interval in milliseconds", () => {
    const settings = cloudSettings(
      whatsappCloudEnvSchema.parse({
        WHATSAPP_TRANSPORT: "cloud",
        ...SECRETS,
        WHATSAPP_CLOUD_API_ROOT: "http://127.0.0.1:9999/",
        WHATSAPP_CLOUD_SEND_PER_SECOND: "1000",
      }),
    );
    expect(settings).toMatchObject({
      apiRoot: "http://127.0.0.1:9999",
      apiVersion: "v26.0",
      sendPerSecond: 1000,
      pairIntervalMs: 6000,
      phoneNumberId: "109876543210987",
    });
  });
});

describe("the templates file", () => {
  it("as shipped, names a template for every notice a reporter gets, and one saying a message waits", () => {
    const { waiting, ...templates } = loadTemplates("config/whatsapp-templates.yaml");
    expect(Object.keys(templates).sort()).toEqual([...NOTICE_KINDS].sort());
    expect(waiting).toEqual({ name: "aduan_pesan_menunggu", languages: { id: "id", en: "en" } });
    expect(templates.replied).toEqual({
      name: "aduan_tanggapan",
      languages: { id: "id", en: "en" },
      parameters: ["code", "agency", "text"],
      quickReplies: 0,
    });
  });

  it("refuses values for the waiting template, which has none", () => {
    const dir = temporaryDirectory();
    const file = join(dir.path, "templates.yaml");
    writeFileSync(file, "waiting:\n  name: aduan_pesan_menunggu\n  parameters: [code]\n");
    try {
      expect(() => loadTemplates(file)).toThrow(/waiting.*parameters|parameters.*waiting/s);
    } finally {
      dir.remove();
    }
  });

  it("still reads a file of an earlier version, ignoring the notice no longer sent", () => {
    const dir = temporaryDirectory();
    const file = join(dir.path, "templates.yaml");
    writeFileSync(
      file,
      "templates:\n  verified:\n    name: aduan_diverifikasi\n    parameters: [code]\n" +
        "  rating_request:\n    name: aduan_minta_penilaian\n    parameters: [code, days]\n",
    );
    try {
      expect(Object.keys(loadTemplates(file))).toEqual(["verified"]);
    } finally {
      dir.remove();
    }
  });

  it("refuses a parameter the notice does not carry, naming the file and the notice", () => {
    const dir = temporaryDirectory();
    const file = join(dir.path, "templates.yaml");
    writeFileSync(
      file,
      "templates:\n  verified:\n    name: aduan_diverifikasi\n    parameters: [code, agency]\n",
    );
    try {
      expect(() => loadTemplates(file)).toThrow(DataFileError);
      expect(() => loadTemplates(file)).toThrow(
        "templates.verified.parameters.1: 'agency' is not a value of this notice; use code",
      );
    } finally {
      dir.remove();
    }
  });
});
