// A verification's verdict as its code: 'ok', or the TokenError's `code`
// (anything else thrown fails the test: a verdict is never a crash).
// Shared by the packed-package suites.
import assert from 'node:assert/strict';

/** `{ codeOf, asyncCodeOf }` for the package's `TokenError` class. */
export function verdictCodes(TokenError) {
  const refused = (error) => {
    assert.ok(error instanceof TokenError, `not a TokenError: ${error?.stack ?? error}`);
    return error.code;
  };
  return {
    /** The verdict of the synchronous `run`. */
    codeOf(run) {
      try {
        run();
        return 'ok';
      } catch (error) {
        return refused(error);
      }
    },
    /** The verdict of `run` (a function, sync or async) or of a promise. */
    async asyncCodeOf(pending) {
      try {
        await (typeof pending === 'function' ? pending() : pending);
        return 'ok';
      } catch (error) {
        return refused(error);
      }
    },
  };
}
