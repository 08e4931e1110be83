/**
 * The shell: sign-in gate, navigation, and the view for the current route. Moving to another view
 * puts focus on its heading, so keyboard and screen-reader users land on the new content.
 */
import type { JobsClient } from '@jobs-api/client';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { connect } from './api/connection.js';
import { forgetApiKey, readStoredApiKey, storeApiKey } from './api/session.js';
import { hrefOf, matchPath, navigate, useRoute, type Route } from './routing.js';
import { SessionContext, type Session } from './session.js';
import { JobDetail } from './views/JobDetail.js';
import { JobsList } from './views/JobsList.js';
import { Overview } from './views/Overview.js';
import { ProjectDetail, ProjectsList } from './views/Projects.js';
import { SignIn } from './views/SignIn.js';
import { TemplateDetail, TemplatesList } from './views/Templates.js';

const NAVIGATION = [
  { path: '/', label: 'Overview' },
  { path: '/jobs', label: 'Jobs' },
  { path: '/templates', label: 'Templates' },
  { path: '/projects', label: 'Projects' },
] as const;

export function App() {
  const [client, setClient] = useState<JobsClient | undefined>(() => {
    const stored = readStoredApiKey();
    return stored ? connect(stored) : undefined;
  });
  const [signInMessage, setSignInMessage] = useState<string>();

  const signOut = useCallback((message?: string) => {
    forgetApiKey();
    setClient(undefined);
    setSignInMessage(message);
  }, []);
  const session = useMemo<Session | undefined>(() => (client ? { client, signOut } : undefined), [client, signOut]);

  if (!session) {
    return (
      <SignIn
        message={signInMessage}
        onSignedIn={(apiKey, signedIn) => {
          storeApiKey(apiKey);
          setSignInMessage(undefined);
          setClient(signedIn);
        }}
      />
    );
  }
  return (
    <SessionContext.Provider value={session}>
      <Shell
        onSignOut={() => {
          // The next key may be another organization's: start it on the overview, not on this one's job.
          navigate('/');
          signOut();
        }}
      />
    </SessionContext.Provider>
  );
}

function Shell({ onSignOut }: { onSignOut(): void }) {
  const route = useRoute();
  const main = useRef<HTMLElement>(null);
  const firstRender = useRef(true);
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    main.current?.querySelector<HTMLElement>('h1')?.focus();
  }, [route.path]);

  const section = '/' + (route.path.split('/')[1] ?? '');
  return (
    <>
      <a
        className="skip-link"
        href="#main"
        onClick={(event) => {
          event.preventDefault();
          main.current?.querySelector<HTMLElement>('h1')?.focus();
        }}
      >
        Skip to content
      </a>
      <header className="top">
        <span className="brand">Jobs API</span>
        <nav aria-label="Main">
          <ul>
            {NAVIGATION.map(({ path, label }) => (
              <li key={path}>
                <a href={hrefOf(path)} aria-current={section === path ? 'page' : undefined}>
                  {label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <button type="button" className="secondary" onClick={onSignOut}>
          Sign out
        </button>
      </header>
      <main id="main" ref={main}>
        <View route={route} />
      </main>
    </>
  );
}

function View({ route }: { route: Route }) {
  const { path, params } = route;
  if (path === '/') return <Overview />;
  if (path === '/jobs') return <JobsList params={params} />;
  const job = matchPath('/jobs/:id', path);
  if (job) return <JobDetail jobId={job.id!} />;
  if (path === '/templates') return <TemplatesList params={params} />;
  const template = matchPath('/templates/:id', path);
  if (template) return <TemplateDetail templateId={template.id!} />;
  if (path === '/projects') return <ProjectsList params={params} />;
  const project = matchPath('/projects/:id', path);
  if (project) return <ProjectDetail projectId={project.id!} />;
  return (
    <>
      <h1 tabIndex={-1}>Not found</h1>
      <p>
        Nothing lives at <code>{path}</code>. <a href={hrefOf('/')}>Go to the overview</a>.
      </p>
    </>
  );
}
