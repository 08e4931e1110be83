/**
 * Every advisory lock key the PostgreSQL store takes, in one registry, so no two uses can pick the
 * same number. Two-int form (class, object): the class says what is locked, so these never collide
 * with each other or with an application's one-bigint keys (PostgreSQL keeps the two key spaces
 * apart). 0x4a6f62 is "Job"; the low byte groups them: 0x0_ jobs, 0x1_ templates, 0x2_ projects, 0xf_ tests.
 */
export const LOCK_CLASS = Object.freeze({
  /** Object 0: the whole migration run. */
  migrate: 0x4a6f6201,
  /** Object hashtext(organization_id): inserts of one organization commit in seq order. */
  insertJob: 0x4a6f6202,
  /** Object hashtext(organization_id): capped claims of one organization count in-flight jobs exactly. */
  claimJobs: 0x4a6f6203,
  /** Object hashtext(organization_id): one organization's template inserts commit in seq order. */
  insertTemplate: 0x4a6f6210,
  /** Object hashtext(organization_id): one organization's project inserts commit in seq order. */
  insertProject: 0x4a6f6220,
  /** Object hashtext(project_id): one project's document inserts commit in seq order. */
  insertProjectDocument: 0x4a6f6221,
  /** Object 1, session lock (tests only): test processes build the migrated template database one at a time. */
  buildTestTemplate: 0x4a6f62f0,
});
