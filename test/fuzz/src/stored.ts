/**
 * What the server stored, read straight from its SQLite file and blob directory (read-only): every
 * stored record must belong to an answer that said it was stored (a 2xx), and every blob must be
 * referenced by one.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

export interface StoredState {
  jobIds: string[];
  projectIds: string[];
  projectDocumentIds: string[];
  templateIds: string[];
  /** `organization_id key` of every Idempotency-Key row. */
  idempotencyKeys: string[];
  /** Blob hashes on disk. */
  blobs: string[];
  /** Hashes referenced by a job, project document or template. */
  referencedBlobs: Set<string>;
}

function blobFiles(dataDir: string): string[] {
  const root = join(dataDir, 'blobs', 'sha256');
  if (!existsSync(root)) return [];
  return readdirSync(root).flatMap((prefix) =>
    readdirSync(join(root, prefix))
      .filter((f) => !f.includes('.'))
      .map((rest) => prefix + rest),
  );
}

export function readStored(dataDir: string): StoredState {
  const db = new Database(join(dataDir, 'jobs.sqlite'), { readonly: true, fileMustExist: true });
  try {
    const column = (sql: string) => db.prepare(sql).pluck().all() as string[];
    return {
      jobIds: column('SELECT id FROM jobs'),
      projectIds: column('SELECT id FROM projects'),
      projectDocumentIds: column('SELECT id FROM project_documents'),
      templateIds: column('SELECT id FROM templates'),
      idempotencyKeys: column("SELECT organization_id || ' ' || key FROM idempotency_keys"),
      blobs: blobFiles(dataDir),
      referencedBlobs: new Set(column('SELECT hash FROM job_blobs')),
    };
  } finally {
    db.close();
  }
}
