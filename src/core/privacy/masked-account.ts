/**
 * An account (or a platform's message id) in a log line: its last four characters, enough to
 * recognise a colleague's number one knows. A WhatsApp account is a phone number, and Meta's
 * message ids hold the recipient's in base64: neither goes to the logs whole.
 */
export function maskedAccount(id: string): string {
  const [account = id] = id.split("@");
  const shown = Math.min(4, Math.floor(account.length / 2));
  return "*".repeat(account.length - shown) + account.slice(account.length - shown);
}
