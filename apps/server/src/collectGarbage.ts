/**
 * One full garbage collection on demand, whether or not Node was started with `--expose-gc`
 * (`node dist/main.js` is a supported way to start the server). The flag is set for the moment it
 * takes to fetch V8's `gc` function into a throw-away context, then cleared, so no code of the
 * process sees a global `gc`; jest's leak detector gets its collector the same way.
 *
 * Only for moments when a large amount of garbage is known to exist and the process is about to
 * go idle: see compileValidators in http/app.ts.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

let gc: (() => void) | undefined;

export function collectGarbage(): void {
  if (!gc) {
    setFlagsFromString('--expose-gc');
    gc = runInNewContext('gc') as () => void;
    setFlagsFromString('--no-expose-gc');
  }
  gc();
}
