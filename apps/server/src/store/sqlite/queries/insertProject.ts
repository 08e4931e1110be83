import type { Project } from '@jobs-api/api-types';
import { statement, type SqliteDatabase } from '../db.js';
import { PROJECT_COLUMNS, rowToProject, taskColumns, toSeconds, type ProjectRow } from '../../projectRows.js';
import type { NewProject } from '../../../projects/store.js';

/** Inserts a project and answers it (with its document count, 0). */
export function insertProject(db: SqliteDatabase, project: NewProject): Project {
  const insert = db.transaction(() => {
    statement(
      db,
      `INSERT INTO projects (id, organization_id, name, kind, json_schema, subdocuments, categories, created_at)
       VALUES (@id, @organization_id, @name, @kind, @json_schema, @subdocuments, @categories, @created_at)`,
    ).run({
      id: project.id,
      organization_id: project.organizationId,
      name: project.name,
      ...taskColumns(project),
      created_at: toSeconds(project.createdAt),
    });
    return statement<[string], ProjectRow>(db, `SELECT ${PROJECT_COLUMNS} FROM projects WHERE id = ?`).get(project.id)!;
  });
  return rowToProject(insert.immediate());
}
