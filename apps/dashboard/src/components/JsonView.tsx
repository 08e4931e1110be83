/**
 * JSON as a collapsible, colour-coded tree (objects and arrays are <details>, so they open and
 * close with the keyboard too). Written here rather than taken from a JSON-viewer package because
 * strings need one rule none of them has: a large `data:` URL is shown truncated, with its size
 * and a download link (see dataUrls.ts).
 */
import type { ReactNode } from 'react';
import { formatBytes } from '../jobs/format.js';
import { DATA_URL_PREVIEW_CHARS, dataUrlToBlob, parseDataUrl } from './dataUrls.js';

/** Levels open at first: deep enough to see a request's fields, shallow enough to stay readable. */
const OPEN_LEVELS = 2;

export function JsonView({ value, label }: { value: unknown; label: string }) {
  return (
    <div className="json" role="group" aria-label={label}>
      <JsonNode value={value} depth={0} siblingFilename={undefined} />
    </div>
  );
}

function JsonNode({ value, depth, siblingFilename }: { value: unknown; depth: number; siblingFilename: string | undefined }): ReactNode {
  if (value === null) return <span className="json-null">null</span>;
  if (typeof value === 'boolean') return <span className="json-boolean">{String(value)}</span>;
  if (typeof value === 'number') return <span className="json-number">{String(value)}</span>;
  if (typeof value === 'string') return <JsonString value={value} filename={siblingFilename} />;
  if (Array.isArray(value)) {
    if (value.length === 0) return <span className="json-punct">[]</span>;
    return (
      <details className="json-array" open={depth < OPEN_LEVELS}>
        <summary>
          <span className="json-punct">[</span>{' '}
          <span className="json-meta">
            {value.length} {value.length === 1 ? 'item' : 'items'}
          </span>
        </summary>
        <ol className="json-children" start={0}>
          {value.map((item, index) => (
            <li key={index}>
              <JsonNode value={item} depth={depth + 1} siblingFilename={undefined} />
            </li>
          ))}
        </ol>
        <span className="json-punct">]</span>
      </details>
    );
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return <span className="json-punct">{'{}'}</span>;
    const filename = typeof (value as Record<string, unknown>).filename === 'string' ? ((value as Record<string, unknown>).filename as string) : undefined;
    return (
      <details className="json-object" open={depth < OPEN_LEVELS}>
        <summary>
          <span className="json-punct">{'{'}</span>{' '}
          <span className="json-meta">
            {entries
              .map(([key]) => key)
              .slice(0, 4)
              .join(', ')}
            {entries.length > 4 ? ', …' : ''}
          </span>
        </summary>
        <ul className="json-children">
          {entries.map(([key, item]) => (
            <li key={key}>
              <span className="json-key">"{key}"</span>
              <span className="json-punct">: </span>
              <JsonNode value={item} depth={depth + 1} siblingFilename={filename} />
            </li>
          ))}
        </ul>
        <span className="json-punct">{'}'}</span>
      </details>
    );
  }
  return <span>{String(value)}</span>;
}

function JsonString({ value, filename }: { value: string; filename: string | undefined }) {
  const info = value.length > DATA_URL_PREVIEW_CHARS ? parseDataUrl(value) : undefined;
  if (!info) return <span className="json-string">{JSON.stringify(value)}</span>;
  return (
    <span className="json-string json-data-url">
      {JSON.stringify(value.slice(0, Math.min(info.payloadOffset + 24, DATA_URL_PREVIEW_CHARS)) + '…')}{' '}
      <span className="json-meta">
        ({info.mimeType}, {formatBytes(info.bytes)}, {value.length.toLocaleString()} characters)
      </span>{' '}
      <DownloadDataUrl value={value} filename={filename ?? `document.${extensionOf(info.mimeType)}`} />
    </span>
  );
}

/** The decoded bytes are built only when asked for: decoding every document of a request up front would cost memory for nothing. */
function DownloadDataUrl({ value, filename }: { value: string; filename: string }) {
  const download = () => {
    const info = parseDataUrl(value);
    if (!info) return;
    const url = URL.createObjectURL(dataUrlToBlob(value, info));
    const anchor = document.createElement('a');
    anchor.href = url;
    anchor.download = filename;
    anchor.click();
    // The browser reads the Blob when the download starts; a minute is far more than that takes.
    window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
  };
  return (
    <button type="button" className="link-button" onClick={download}>
      Download {filename}
    </button>
  );
}

function extensionOf(mimeType: string): string {
  return mimeType.split('/')[1]?.split('+')[0] ?? 'bin';
}
