/**
 * Regular expressions written by users (a `pattern` in a `json_schema`, the `filename_regex` list
 * filter) are evaluated by RE2's linear-time engine (re2js), never by JavaScript's backtracking
 * RegExp: a 31-character value against `(a+)+$` blocked the serving thread for 10.3 s with RegExp,
 * each two more characters ×3.5. RE2 syntax has no lookaround and no backreferences; a pattern that
 * uses them is invalid (the caller answers 400), as is any other pattern RE2 does not parse.
 */
import type { Options } from 'ajv';
import { RE2JS } from 're2js';

type RegExpEngine = NonNullable<NonNullable<Options['code']>['regExp']>;
/** What Ajv needs of a compiled pattern. */
export interface RegExpLike {
  test(text: string): boolean;
}

/** Compiles `pattern` with RE2 semantics; throws a SyntaxError naming the problem when it is not valid. */
export function compileLinearPattern(pattern: string, flags = ''): RegExpLike {
  let compiled: RE2JS;
  try {
    compiled = RE2JS.compile(pattern, flags.includes('i') ? RE2JS.CASE_INSENSITIVE : 0);
  } catch (error) {
    throw new SyntaxError(`Invalid regular expression (RE2 syntax): ${error instanceof Error ? error.message : String(error)}`);
  }
  // JSON Schema's `pattern` matches anywhere in the string (not anchored), as `find()` does.
  return { test: (text: string) => compiled.matcher(text).find() };
}

/** The engine Ajv compiles `pattern` and `patternProperties` with (Ajv's `code.regExp` option). */
export const linearRegExpEngine: RegExpEngine = Object.assign((pattern: string, flags: string) => compileLinearPattern(pattern, flags), {
  code: 'compileLinearPattern',
});
