/**
 * The built-ins pdfjs-dist's legacy build overwrites, captured before it loads (see pdfjs.ts).
 * This module must be imported before pdfjs-dist: it has no imports of its own, so it is evaluated
 * first when listed first.
 */
const captured = {
  stringify: JSON.stringify,
  parse: JSON.parse,
  push: Array.prototype.push,
};

/** Puts the captured built-ins back. */
export function restoreNativeBuiltins(): void {
  JSON.stringify = captured.stringify;
  JSON.parse = captured.parse;
  Object.defineProperty(Array.prototype, 'push', { value: captured.push, writable: true, configurable: true, enumerable: false });
}
