import type { Project } from '@jobs-api/api-types';
import { withoutNul, type PgDatabase } from '../db.js';
import { PROJECT_COLUMNS, rowToProject, taskColumns, toSeconds, type ProjectRow } from '../../projectRows.js';
import type { NewProject } from '../../../projects/store.js';
import { LOCK_CLASS } from '../locks.js';

/**
 * Inserts a project and answers it. Takes the organization's advisory lock first so its seq
 * commits in order (see insertJob: otherwise an `order=asc` cursor could skip a project
 * committed later with a smaller seq). Safe to run again after a lost connection: the id is
 * fresh per create, so a second run after an unacknowledged commit inserts nothing.
 */
export async function insertProject(db: PgDatabase, project: NewProject): Promise<Project> {
  const row = await db.transaction(async (sql) => {
    await sql.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [LOCK_CLASS.insertProject, project.organizationId]);
    const task = taskColumns(project);
    await sql.query(
      `INSERT INTO projects (id, organization_id, name, kind, json_schema, subdocuments, categories, created_at)
       VALUES ($1, $2, $3, $4, $5::json, $6::json, $7::json, $8)
       ON CONFLICT (id) DO NOTHING`,
      [
        project.id,
        project.organizationId,
        withoutNul(project.name),
        task.kind,
        task.json_schema,
        task.subdocuments,
        task.categories,
        toSeconds(project.createdAt),
      ],
    );
    const { rows } = await sql.query<ProjectRow>(`SELECT ${PROJECT_COLUMNS} FROM projects WHERE id = $1`, [project.id]);
    return rows[0]!;
  });
  return rowToProject(row);
}
