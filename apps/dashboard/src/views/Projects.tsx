/** Evaluation projects: a read-only list and detail with the task definition and the labelled documents. */
import { unwrap } from '@jobs-api/client';
import { JsonView } from '../components/JsonView.js';
import { ErrorNotice } from '../components/Notice.js';
import { FieldList, ResourceList } from '../components/ResourceList.js';
import { formatTimestamp } from '../jobs/format.js';
import { hrefOf } from '../routing.js';
import { useLoad } from '../session.js';

/** Documents shown on a project's page; the rest are counted (document_count), not listed. */
const DOCUMENTS_SHOWN = 100;

export function ProjectsList({ params }: { params: URLSearchParams }) {
  return (
    <ResourceList
      title="Projects"
      path="/projects"
      params={params}
      load={async (client, signal, query) => unwrap(await client.api.GET('/v1/projects', { signal, params: { query } }))}
      columns={[
        { name: 'name', cell: (project) => <a href={hrefOf(`/projects/${project.id}`)}>{project.name}</a> },
        { name: 'kind', cell: (project) => project.kind },
        { name: 'documents', cell: (project) => project.document_count },
        { name: 'created', cell: (project) => formatTimestamp(project.created_at) },
        { name: 'id', cell: (project) => project.id, className: 'mono' },
      ]}
    />
  );
}

export function ProjectDetail({ projectId }: { projectId: string }) {
  const loaded = useLoad(
    async (client, signal) => {
      const path = { project_id: projectId };
      const [project, documents] = await Promise.all([
        client.api.GET('/v1/projects/{project_id}', { signal, params: { path } }).then(unwrap),
        client.api.GET('/v1/projects/{project_id}/documents', { signal, params: { path, query: { limit: DOCUMENTS_SHOWN, order: 'asc' } } }).then(unwrap),
      ]);
      return { project, documents };
    },
    [projectId],
  );
  const project = loaded.data?.project;
  const documents = loaded.data?.documents;
  return (
    <>
      <p className="breadcrumb">
        <a href={hrefOf('/projects')}>Projects</a> /
      </p>
      <h1 tabIndex={-1}>{project?.name ?? projectId}</h1>
      {loaded.error ? <ErrorNotice>{loaded.error}</ErrorNotice> : null}
      {project ? (
        <>
          <FieldList
            fields={[
              ['id', project.id],
              ['kind', project.kind],
              ['document_count', String(project.document_count)],
              ['created_at', formatTimestamp(project.created_at)],
              ['organization_id', project.organization_id],
            ]}
          />
          <h2>Task</h2>
          {project.json_schema ? (
            <>
              <h3>JSON schema</h3>
              <JsonView value={project.json_schema} label="JSON schema" />
            </>
          ) : null}
          {project.subdocuments ? (
            <>
              <h3>Subdocuments</h3>
              <JsonView value={project.subdocuments} label="Subdocuments" />
            </>
          ) : null}
          {project.categories ? (
            <>
              <h3>Categories</h3>
              <JsonView value={project.categories} label="Categories" />
            </>
          ) : null}
          <h2>Documents</h2>
          {documents && documents.data.length === 0 ? <p>No documents yet.</p> : null}
          {documents?.data.map((document) => (
            <article key={document.id} className="card" aria-labelledby={`doc-${document.id}`}>
              <h3 id={`doc-${document.id}`}>{document.filename}</h3>
              <p className="hint">
                <span className="mono">{document.id}</span> · {document.mime_type} · {formatTimestamp(document.created_at)}
              </p>
              <h4>Ground truth</h4>
              <JsonView value={document.ground_truth} label={`Ground truth of ${document.filename}`} />
            </article>
          ))}
          {documents?.has_more ? <p className="hint">The first {DOCUMENTS_SHOWN} documents are shown.</p> : null}
        </>
      ) : null}
    </>
  );
}
