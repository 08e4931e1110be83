/**
 * Advisory lock classes of the project store (two-int form, beside the job store's LOCK_CLASS
 * in store/postgres/db.ts; 0x4a6f62 is "Job", 0x20 and up are projects).
 */
export const PROJECT_LOCK_CLASS = Object.freeze({
  /** Object hashtext(organization_id): one organization's project inserts commit in seq order. */
  insertProject: 0x4a6f6220,
  /** Object hashtext(project_id): one project's document inserts commit in seq order. */
  insertProjectDocument: 0x4a6f6221,
});
