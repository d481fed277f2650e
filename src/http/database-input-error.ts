// The last net under input validation: Postgres errors that only a value from the request can cause
// (text it cannot store, a number out of a column's range) become a 400, not a 500 that Slack and
// HubSpot would retry. Validation at the edge should have refused such a value first; when this net
// catches one, the log says so, so the missing check gets added.

/** SQLSTATEs of class 22 (data exception) and 54000 that a stored or compared input value can raise. */
const INPUT_SQLSTATES: Record<string, string> = {
  '22001': 'a text value is longer than its column allows',
  '22003': 'a number is out of range',
  '22007': 'a date or time is not valid',
  '22008': 'a date or time is out of range',
  '22021': 'text contains a byte sequence that is not valid UTF-8 (such as NUL)',
  '22P02': 'a value is not valid for its type',
  '22P05': 'text contains a character that cannot be stored (such as NUL)',
  '54000': 'a value is too large to store',
};

/** Drivers nest the server's error: drizzle wraps postgres.js and PGlite errors in `cause`. */
function sqlState(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** What was wrong with the input, when the database refused it for a reason only input can cause. */
export function databaseInputProblem(error: unknown): { sqlState: string; detail: string } | undefined {
  const state = sqlState(error);
  const detail = state ? INPUT_SQLSTATES[state] : undefined;
  return state && detail ? { sqlState: state, detail } : undefined;
}
