/**
 * How a statement asks to be prepared: a comment naming it, before anything else in its text.
 * `$queryRaw` sends the template as written, so the comment reaches this adapter.
 */
const MARK = /^\s*\/\* prepared: ([a-z][a-z-]*) \*\//;

/**
 * Names the statements marked `/* prepared: <name> *\/` for node-postgres, which then has each
 * connection parse and plan them once instead of at every call: the burst's statements run
 * hundreds of times, and two fifths of the intake statement's time went to planning it. Only
 * marked statements, whose text does not vary, so a connection keeps a handful; every other
 * one gets no name and is parsed each time, as before. A second text under a name already used
 * is a mistake in the code, and runs unprepared rather than failing.
 */
export function preparedStatementNames(): (query: { readonly sql: string }) => string {
  /** Each name given, with the one text it was given to. */
  const texts = new Map<string, string>();
  return ({ sql }) => {
    const name = MARK.exec(sql)?.[1];
    if (name === undefined) return "";
    const text = texts.get(name);
    if (text === undefined) texts.set(name, sql);
    return text === undefined || text === sql ? `aduan-${name}` : "";
  };
}
