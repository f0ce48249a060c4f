/** The columns to select from outbox rows to queue them as PendingOutbox. */
export const PENDING_OUTBOX = { id: true, channel: true, lane: true } as const;
