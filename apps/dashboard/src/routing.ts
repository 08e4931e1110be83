/**
 * Routes live in the URL's hash (`#/jobs?status=queued`): the server only serves static files at
 * /dashboard (no fallback route needed), and a view's filters can be copied and shared as a link.
 * The API key is never part of it (see api/session.ts).
 */
import { useEffect, useState } from 'react';

export interface Route {
  /** e.g. `/jobs/job_V1StGXR8_Z5jdHi6B-myT` */
  path: string;
  /** The query after the path inside the hash. */
  params: URLSearchParams;
}

export function currentRoute(): Route {
  const hash = window.location.hash.replace(/^#/, '') || '/';
  const [path = '/', query = ''] = hash.split('?', 2);
  return { path, params: new URLSearchParams(query) };
}

/** The href of a route, for links. */
export function hrefOf(path: string, params?: URLSearchParams): string {
  const query = params?.toString();
  return `#${path}${query ? `?${query}` : ''}`;
}

export function navigate(path: string, params?: URLSearchParams): void {
  window.location.hash = hrefOf(path, params).slice(1);
}

export function useRoute(): Route {
  const [route, setRoute] = useState(currentRoute);
  useEffect(() => {
    const onChange = () => setRoute(currentRoute());
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}

/** `/jobs/job_x` against `/jobs/:id` → `{id: 'job_x'}`; `undefined` when it does not match. */
export function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (const [index, part] of want.entries()) {
    const value = got[index] ?? '';
    if (part.startsWith(':')) {
      if (!value) return undefined;
      params[part.slice(1)] = decodeURIComponent(value);
    } else if (part !== value) return undefined;
  }
  return params;
}
