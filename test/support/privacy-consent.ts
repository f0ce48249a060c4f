/**
 * Every citizen must accept the privacy notice (config/privacy.yaml) before a first report.
 * The fake citizens of the platforms accept it as a person who goes on to report does: while a
 * test waits for something else, a notice that arrives is agreed to (Setuju / Agree), so tests
 * of other features read as before. A test of the notice itself sets `agreesToPrivacyNotice`
 * to false, or waits for the notice's own text, which then arrives untouched.
 */
export const PRIVACY_NOTICE = /Pemberitahuan privasi|Privacy notice/;

/** The button accepting the notice, in the notice's language. */
export function agreeLabel(noticeText: string): string {
  return noticeText.includes("Privacy notice") ? "Agree" : "Setuju";
}

/**
 * Finds the first notice at or after `from` among `texts`; returns its index and label so the
 * caller can press it once, or undefined when no new notice is there.
 */
export function pendingNotice(
  texts: readonly string[],
  from: number,
): { index: number; label: string } | undefined {
  for (let index = from; index < texts.length; index++) {
    const text = texts[index] ?? "";
    if (PRIVACY_NOTICE.test(text)) return { index, label: agreeLabel(text) };
  }
  return undefined;
}
