/** Templates (stored PDF forms): a read-only list and detail with the form's fields. */
import { unwrap } from '@jobs-api/client';
import { ErrorNotice } from '../components/Notice.js';
import { FieldList, ResourceList, ResourceTable } from '../components/ResourceList.js';
import { formatTimestamp } from '../jobs/format.js';
import { hrefOf } from '../routing.js';
import { useLoad } from '../session.js';

export function TemplatesList({ params }: { params: URLSearchParams }) {
  return (
    <ResourceList
      title="Templates"
      path="/templates"
      params={params}
      load={async (client, signal, query) => unwrap(await client.api.GET('/v1/edit/templates', { signal, params: { query } }))}
      columns={[
        { name: 'name', cell: (template) => <a href={hrefOf(`/templates/${template.id}`)}>{template.name}</a> },
        { name: 'filename', cell: (template) => template.filename },
        { name: 'fields', cell: (template) => template.field_count },
        { name: 'created', cell: (template) => formatTimestamp(template.created_at) },
        { name: 'id', cell: (template) => template.id, className: 'mono' },
      ]}
    />
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
          <FieldList
            fields={[
              ['id', data.id],
              ['filename', data.filename],
              ['field_count', String(data.field_count)],
              ['created_at', formatTimestamp(data.created_at)],
              ['organization_id', data.organization_id],
            ]}
          />
          <h2>Fields</h2>
          <ResourceTable
            caption="Form fields"
            rows={data.form_schema.form_fields}
            rowKey={(field) => field.name}
            columns={[
              { name: 'name', cell: (field) => field.name, className: 'mono' },
              { name: 'label', cell: (field) => field.label },
              { name: 'type', cell: (field) => field.type },
              { name: 'page', cell: (field) => field.page },
              { name: 'value', cell: (field) => (field.value === null ? '—' : String(field.value)) },
            ]}
          />
        </>
      ) : null}
    </>
  );
}
