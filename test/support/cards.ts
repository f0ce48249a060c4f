/**
 * A staff card's first line: the mark of the report's status, its tracking code (bold on
 * WhatsApp) and its kind, as in "📨 ADU-7K3F9Q · Pengaduan". The mark follows the status (🆕
 * only while the desk has yet to look at it), so a card is found by the code, which stays.
 */
export function cardHeader(code: string): RegExp {
  const escaped = code.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(`^\\S+ \\*?${escaped}\\*? · `, "u");
}

/** Whether `text` (as the person sees it) is a card of the report `code`. */
export const isCardOf = (text: string, code: string): boolean => cardHeader(code).test(text);

/** Whether `text` is any report's card (not a batch of them, a notice or a reply). */
export const isCard = (text: string): boolean => /^\S+ \*?ADU-[0-9A-Z]+\*? · /u.test(text);
