import { z } from "zod";
import type { PrivacyNotice } from "../core/privacy/notice.js";
import { readDataFile } from "./data-file.js";

const text = (what: string) =>
  z
    .string({ error: `expected ${what}` })
    .trim()
    .min(1, { error: `expected ${what}` });

const privacyFileSchema = z.strictObject({
  // It travels in the Setuju button, whose data Telegram caps at 64 bytes.
  version: z.coerce
    .string()
    .trim()
    .regex(/^[\w.-]{1,24}$/, {
      error: "expected the notice's version: up to 24 letters, digits, '.', '-', e.g. 2026-12-01",
    }),
  controller: text("the data controller's name"),
  contact: text("how to reach the controller (e-mail, address)"),
  notice: z.strictObject({
    id: text("the notice in Bahasa Indonesia"),
    en: text("the notice in English"),
  }),
});

/** The retention periods the notice states (RETENTION_* in the environment). */
export interface RetentionPeriods {
  readonly identityMonths: number;
  readonly mediaMonths: number;
  readonly draftDays: number;
}

/** Reads the privacy notice file and fills in its placeholders. */
export function loadPrivacyNotice(path: string, periods: RetentionPeriods): PrivacyNotice {
  const file = readDataFile(path, privacyFileSchema);
  const values: Record<string, string | number> = {
    version: file.version,
    controller: file.controller,
    contact: file.contact,
    ...periods,
  };
  const fill = (source: string) =>
    source.replace(/\{(\w+)\}/g, (whole, name: string) => String(values[name] ?? whole));
  return { version: file.version, text: { id: fill(file.notice.id), en: fill(file.notice.en) } };
}
