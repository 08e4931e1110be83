/** Templates (stored PDF forms): a read-only list and detail with the form's fields. */
import { ErrorNotice } from '../components/Notice.js';
import { Pager } from '../components/Pager.js';
import { formatTimestamp } from '../jobs/format.js';
import { hrefOf } from '../routing.js';
import { useLoad } from '../session.js';
import { unwrap } from '@jobs-api/client';

const PAGE_SIZE = 20;

export function TemplatesList({ params }: { params: URLSearchParams }) {
  const before = params.get('before') ?? undefined;
  const after = params.get('after') ?? undefined;
  const page = useLoad(
    async (client, signal) => unwrap(await client.api.GET('/v1/edit/templates', { signal, params: { query: { limit: PAGE_SIZE, before, after } } })),
    [params.toString()],
  );
  return (
    <>
      <h1 tabIndex={-1}>Templates</h1>
      {page.error ? <ErrorNotice>{page.error}</ErrorNotice> : null}
      {page.data && page.data.data.length === 0 ? <p>No templates yet.</p> : null}
      {page.data && page.data.data.length > 0 ? (
        <div className="table-scroll">
          <table className="responsive">
            <caption className="visually-hidden">Templates</caption>
            <thead>
              <tr>
                <th scope="col">name</th>
                <th scope="col">filename</th>
                <th scope="col">fields</th>
                <th scope="col">created</th>
                <th scope="col">id</th>
              </tr>
            </thead>
            <tbody>
              {page.data.data.map((template) => (
                <tr key={template.id}>
                  <td data-label="name">
                    <a href={hrefOf(`/templates/${template.id}`)}>{template.name}</a>
                  </td>
                  <td data-label="filename">{template.filename}</td>
                  <td data-label="fields">{template.field_count}</td>
                  <td data-label="created">{formatTimestamp(template.created_at)}</td>
                  <td data-label="id" className="mono">
                    {template.id}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
      <Pager path="/templates" params={params} list={page.data} />
    </>
  );
}

export function TemplateDetail({ templateId }: { templateId: string }) {
  const template = useLoad(
    async (client, signal) => unwrap(await client.api.GET('/v1/edit/templates/{template_id}', { signal, params: { path: { template_id: templateId } } })),
    [templateId],
  );
  const data = template.data;
  return (
    <>
      <p className="breadcrumb">
        <a href={hrefOf('/templates')}>Templates</a> /
      </p>
      <h1 tabIndex={-1}>{data?.name ?? templateId}</h1>
      {template.error ? <ErrorNotice>{template.error}</ErrorNotice> : null}
      {data ? (
        <>
          <dl className="fields">
            {[
              ['id', data.id],
              ['filename', data.filename],
              ['field_count', String(data.field_count)],
              ['created_at', formatTimestamp(data.created_at)],
              ['organization_id', data.organization_id],
            ].map(([name, value]) => (
              <div key={name} className="field">
                <dt>{name}</dt>
                <dd>{value}</dd>
              </div>
            ))}
          </dl>
          <h2>Fields</h2>
          <div className="table-scroll">
            <table className="responsive">
              <caption className="visually-hidden">Form fields</caption>
              <thead>
                <tr>
                  <th scope="col">name</th>
                  <th scope="col">label</th>
                  <th scope="col">type</th>
                  <th scope="col">page</th>
                  <th scope="col">value</th>
                </tr>
              </thead>
              <tbody>
                {data.form_schema.form_fields.map((field) => (
                  <tr key={field.name}>
                    <td data-label="name" className="mono">
                      {field.name}
                    </td>
                    <td data-label="label">{field.label}</td>
                    <td data-label="type">{field.type}</td>
                    <td data-label="page">{field.page}</td>
                    <td data-label="value">{field.value === null ? '—' : String(field.value)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      ) : null}
    </>
  );
}
