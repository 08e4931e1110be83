/**
 * The filesystem blob store (embedded default): `${dir}/sha256/ab/cdef…`. Content-addressed, so the
 * same document sent twice is stored once. Writes go to a temp file renamed into place, so a crash
 * never leaves a partial blob under its final name.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { systemClock } from '../clock.js';
import type { BlobStore, Clock } from '../interfaces.js';

export function createFsBlobStore(dir: string, clock: Clock = systemClock): BlobStore {
  const pathOf = (hash: string) => {
    if (!/^[0-9a-f]{64}$/.test(hash)) throw new Error(`not a sha256 hash: ${hash}`);
    return join(dir, 'sha256', hash.slice(0, 2), hash.slice(2));
  };
  return {
    async put(bytes) {
      const hash = createHash('sha256').update(bytes).digest('hex');
      const file = pathOf(hash);
      try {
        // Already stored: refresh its mtime so a concurrent purge (which spares recent blobs) keeps it.
        const now = new Date(clock.now());
        await utimes(file, now, now);
        return hash;
      } catch {
        await mkdir(join(file, '..'), { recursive: true });
        const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
        await writeFile(tmp, bytes);
        await rename(tmp, file);
        return hash;
      }
    },
    async get(hash) {
      try {
        return new Uint8Array(await readFile(pathOf(hash)));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
    pathOf,
    async deleteUnreferenced(hashes, minAgeMs) {
      let deleted = 0;
      for (const hash of hashes) {
        const file = pathOf(hash);
        const info = await stat(file).catch(() => undefined);
        if (!info || clock.now() - info.mtimeMs < minAgeMs) continue;
        await rm(file, { force: true });
        deleted++;
      }
      return deleted;
    },
  };
}
