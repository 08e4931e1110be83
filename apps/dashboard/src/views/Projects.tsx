/** Evaluation projects: a read-only list and detail with the task definition and the labelled documents. */
import { unwrap } from '@jobs-api/client';
import { JsonView } from '../components/JsonView.js';
import { ErrorNotice } from '../components/Notice.js';
import { Pager } from '../components/Pager.js';
import { formatTimestamp } from '../jobs/format.js';
import { hrefOf } from '../routing.js';
import { useLoad } from '../session.js';

const PAGE_SIZE = 20;
/** Documents shown on a project's page; the rest are counted (document_count), not listed. */
const DOCUMENTS_SHOWN = 100;

export function ProjectsList({ params }: { params: URLSearchParams }) {
  const before = params.get('before') ?? undefined;
  const after = params.get('after') ?? undefined;
  const page = useLoad(
    async (client, signal) => unwrap(await client.api.GET('/v1/projects', { signal, params: { query: { limit: PAGE_SIZE, before, after } } })),
    [params.toString()],
  );
  return (
    <>
      <h1 tabIndex={-1}>Projects</h1>
      {page.error ? <ErrorNotice>{page.error}</ErrorNotice> : null}
      {page.data && page.data.data.length === 0 ? <p>No projects yet.</p> : null}
      {page.data && page.data.data.length > 0 ? (
        <div className="table-scroll">
          <table className="responsive">
            <caption className="visually-hidden">Projects</caption>
            <thead>
              <tr>
                <th scope="col">name</th>
                <th scope="col">kind</th>
                <th scope="col">documents</th>
                <th scope="col">created</th>
                <th scope="col">id</th>
              </tr>
            </thead>
            <tbody>
              {page.data.data.map((project) => (
                <tr key={project.id}>
                  <td data-label="name">
                    <a href={hrefOf(`/projects/${project.id}`)}>{project.name}</a>
                  </td>
                  <td data-label="kind">{project.kind}</td>
                  <td data-label="documents">{project.document_count}</td>
                  <td data-label="created">{formatTimestamp(project.created_at)}</td>
                  <td data-label="id" className="mono">
                    {project.id}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <Pager path="/projects" params={params} list={page.data} />
    </>
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
          <dl className="fields">
            {[
              ['id', project.id],
              ['kind', project.kind],
              ['document_count', String(project.document_count)],
              ['created_at', formatTimestamp(project.created_at)],
              ['organization_id', project.organization_id],
            ].map(([name, value]) => (
              <div key={name} className="field">
                <dt>{name}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
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
