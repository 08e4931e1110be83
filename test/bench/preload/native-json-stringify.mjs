/**
 * Diagnostic preload for the server child process (the bench's "native JSON.stringify" rows; never
 * used in production). It evaluates pdfjs-dist's legacy build before the server does, then puts
 * back the native JSON.stringify that the build's bundled core-js replaced: Node 20 has no
 * JSON.rawJSON, so core-js installs a JavaScript wrapper that calls a replacer for every value.
 * The module stays cached, so the server's own import of it does not replace it again. The rows
 * show what that replacement costs our server, all else equal.
 */
import { pathToFileURL } from 'node:url';

const native = JSON.stringify;
await import(pathToFileURL(process.env.BENCH_PDFJS_PATH).href);
JSON.stringify = native;
