/**
 * Advisory lock classes of the template store (two-int form, beside the job store's LOCK_CLASS in
 * store/postgres/db.ts and the project store's; 0x4a6f62 is "Job", 0x10 and up are templates).
 */
export const TEMPLATE_LOCK_CLASS = Object.freeze({
  /** Object hashtext(organization_id): one organization's template inserts commit in seq order. */
  insertTemplate: 0x4a6f6210,
});
