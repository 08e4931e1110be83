/**
 * Deleting the blobs a resource delete freed (a project document's bytes, a template's PDF).
 */
import type { BlobStore } from '../interfaces.js';

/**
 * A freed blob is kept if it was written in the last minute: a job created right now with the
 * same bytes may have stored it and not yet committed its reference (the race the worker's purge
 * guards against, with an hour there). Bytes added and deleted within a minute stay behind until
 * a later purge frees them.
 */
const FREED_BLOB_MIN_AGE_MS = 60_000;

/** Deletes those of `hashes` nothing references any more (and not written in the last minute). */
export async function deleteFreedBlobs(blobs: BlobStore, hashes: string[]): Promise<void> {
  if (hashes.length > 0) await blobs.deleteUnreferenced(hashes, FREED_BLOB_MIN_AGE_MS);
}
