/**
 * The one place server code reads the wall clock. Everything else takes a {@link Clock} (tests
 * drive time by hand); ESLint forbids `Date.now()` and `new Date()` outside this module.
 */
import type { Clock } from './interfaces.js';

export const systemClock: Clock = { now: () => Date.now() };
