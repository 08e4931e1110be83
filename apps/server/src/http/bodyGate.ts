import type { RequestHandler } from 'express';

/**
 * Bounds the memory large bodies take: at most `slots` requests above `thresholdBytes` are read
 * and processed at once; the others wait unread, their bytes held back by TCP flow control instead
 * of in this process. A create's inline documents are decoded as they stream in
 * (streamedDataUrls.ts), so one holds about its decoded size (5 MB for a 5 MB document); other
 * large bodies are parsed whole and cost several times their size. 4 slots keep the 2 cores of the
 * bench machine busy (the creates are CPU-bound): 200 concurrent 5 MB creates peaked at 270 MiB
 * RSS in 89 s, against 445 MiB in 185 s with 8 slots and whole-body parsing (test/bench/README.md).
 */
export function limitConcurrentLargeBodies(thresholdBytes = 1024 * 1024, slots = 4): RequestHandler {
  let active = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else active--;
  };
  return (req, res, next) => {
    const length = Number(req.headers['content-length'] ?? 0);
    if (!(length > thresholdBytes)) return next();
    let released = false;
    const done = () => {
      if (!released) {
        released = true;
        release();
      }
    };
    const enter = () => {
      res.once('close', done);
      next();
    };
    if (active < slots) {
      active++;
      enter();
    } else {
      waiting.push(enter);
      // A client that gives up while waiting leaves the queue.
      res.once('close', () => {
        const i = waiting.indexOf(enter);
        if (i >= 0) waiting.splice(i, 1);
      });
    }
  };
}
