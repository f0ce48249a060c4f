/**
 * Where every service reads the time. The composition root builds one and hands it to all
 * services, so deadlines, timeline events and statistics agree on what "now" is (tests move it).
 */
export type Clock = () => Date;

export const systemClock: Clock = () => new Date();
