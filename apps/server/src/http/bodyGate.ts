import type { RequestHandler } from 'express';

/**
 * Bounds the memory large bodies take: at most `slots` requests above `thresholdBytes` are read
 * and processed at once; the others wait unread, their bytes held back by TCP flow control instead
 * of in this process. A 5 MB data: URL costs ~4× its size while parsed, decoded and offloaded, so
 * 1,000 such creates at once would otherwise need gigabytes. 4 slots, not 8: on the 2-core bench
 * machine the creates are CPU-bound either way (the same answers per second), and 8 held twice the
 * bodies in memory (see test/bench/README.md, "Memory").
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
