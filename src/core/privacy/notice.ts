import type { Language } from "../messages.js";

/** The privacy notice shown before a first report, as configured (PRIVACY_FILE). */
export interface PrivacyNotice {
  /** Changes when the text changes in substance: everyone is asked again. */
  readonly version: string;
  /** In `template()` syntax, placeholders already filled in. */
  readonly text: Readonly<Record<Language, string>>;
}
