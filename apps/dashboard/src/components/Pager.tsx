import { navigate } from '../routing.js';

/** Previous/next for a list answered with `first_id`, `last_id` and `has_more` (templates, projects, documents). */
export function Pager({
  path,
  params,
  list,
}: {
  path: string;
  params: URLSearchParams;
  list: { first_id: string | null; last_id: string | null; has_more: boolean } | undefined;
}) {
  const before = params.get('before');
  const after = params.get('after');
  const go = (cursor: Record<string, string>) => navigate(path, new URLSearchParams(cursor));
  const newer = Boolean(after) || (Boolean(before) && Boolean(list?.has_more));
  const older = Boolean(before) || (!before && Boolean(list?.has_more));
  return (
    <nav className="pager" aria-label="Pages">
      <button type="button" className="secondary" disabled={!newer || !list?.first_id} onClick={() => go({ before: list!.first_id! })}>
        ← Newer
      </button>
      <button type="button" className="secondary" disabled={!older || !list?.last_id} onClick={() => go({ after: list!.last_id! })}>
        Older →
      </button>
    </nav>
  );
}
