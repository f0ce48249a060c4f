import { EMAIL_ADDRESS } from "../privacy/scrub.js";

/** Who filed a report, as the database knows them: used only to blank them out of public text. */
export interface ReporterIdentity {
  readonly displayName?: string | null;
  readonly username?: string | null;
  readonly phone?: string | null;
  /** The platform's account id (Telegram user id, WhatsApp number). */
  readonly externalId?: string | null;
}

/** What stands in for a blanked-out name or number. */
export const REDACTED = "[…]";

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** Name parts this short are too likely to be ordinary words to blank out on their own. */
const MIN_NAME_PART = 3;

/**
 * A phone number as people write it: +62 812-3456-7890, 62812…, 0812…, with any spaces, dots
 * or dashes between the digits.
 */
function phonePatterns(phone: string): string[] {
  const digits = phone.replace(/\D/g, "");
  if (digits.length < 5) return [];
  const national = digits.startsWith("62") ? digits.slice(2) : digits.replace(/^0/, "");
  const spaced = (value: string) => value.split("").join("[\\s.\\-()]*");
  return [`\\+?${spaced(`62${national}`)}`, spaced(`0${national}`), spaced(national)];
}

function namePatterns(name: string): string[] {
  const whole = name.trim();
  if (!whole) return [];
  const parts = whole.split(/\s+/u).filter((part) => part.length >= MIN_NAME_PART);
  return [whole, ...parts].map(
    (part) => `(?<![\\p{L}\\p{N}])${escapeRegExp(part)}(?![\\p{L}\\p{N}])`,
  );
}

/**
 * The account id as typed anywhere; a WhatsApp account (`6281…@c.us`) is a phone number too,
 * and an Open311 filer's (`kiosk:warga-77`) is the account the filer typed after its system.
 */
function accountPatterns(externalId: string): string[] {
  const account = externalId.replace(/@.*$/, "");
  if (account.length < 5) return [];
  const isPhone = externalId.includes("@") && /^\d+$/.test(account);
  const ownPart = account.includes(":") ? account.slice(account.indexOf(":") + 1) : "";
  // Whole words only: a kiosk's "admin" is no part of "administrasi".
  const word = (part: string) => `(?<![\\p{L}\\p{N}_-])${escapeRegExp(part)}(?![\\p{L}\\p{N}_-])`;
  return [
    word(account),
    ...(ownPart.length >= 5 ? [word(ownPart)] : []),
    ...(isPhone ? phonePatterns(account) : []),
  ];
}

/**
 * What the reporter wrote (title, description, address) as the public reads it: their identity
 * blanked, and any e-mail address too (another system's filer gives one the reporter row does
 * not keep). Staff answers keep theirs: an agency's address is what the public may need.
 */
export function redactReporterText(text: string, identity: ReporterIdentity): string {
  return redactIdentity(text, identity).replace(EMAIL_ADDRESS, REDACTED);
}

/**
 * Blanks the reporter's name (and each part of it), username, phone number and account id out
 * of a text meant for the public: a reporter may sign their description, and an officer may
 * greet them by name in an answer. Over-blanking an ordinary word that happens to be part of
 * the name is the accepted price.
 */
export function redactIdentity(text: string, identity: ReporterIdentity): string {
  const patterns = [
    ...namePatterns(identity.displayName ?? ""),
    ...(identity.username ? [`@?${escapeRegExp(identity.username)}(?![\\p{L}\\p{N}_])`] : []),
    ...phonePatterns(identity.phone ?? ""),
    ...accountPatterns(identity.externalId ?? ""),
  ];
  if (patterns.length === 0) return text;
  // Longest first, so "Siti Rahayu" goes as one piece before "Siti" alone is considered.
  patterns.sort((a, b) => b.length - a.length);
  return text.replace(new RegExp(patterns.join("|"), "giu"), REDACTED);
}
