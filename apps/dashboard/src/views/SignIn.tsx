import { useId, useState, type FormEvent } from 'react';
import { connect, describeError, isUnauthorized } from '../api/connection.js';
import type { JobsClient } from '@jobs-api/client';
import { UNAUTHORIZED_MESSAGE } from '../session.js';
import { ErrorNotice } from '../components/Notice.js';

/**
 * The sign-in form. The key is tried (one list call) before it is kept, so a wrong key is
 * reported here, with the API's 401, instead of on every view.
 */
export function SignIn({ message, onSignedIn }: { message: string | undefined; onSignedIn(apiKey: string, client: JobsClient): void }) {
  const [apiKey, setApiKey] = useState('');
  const [error, setError] = useState(message);
  const [checking, setChecking] = useState(false);
  const inputId = useId();
  const hintId = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const key = apiKey.trim();
    if (!key) {
      setError('Enter an API key.');
      return;
    }
    setChecking(true);
    setError(undefined);
    const client = connect(key);
    try {
      await client.jobs.list({ limit: 1 }, { maxRetries: 0 });
      onSignedIn(key, client);
    } catch (failure) {
      setError(isUnauthorized(failure) ? UNAUTHORIZED_MESSAGE : `Could not reach the API: ${describeError(failure)}`);
      setChecking(false);
    }
  };

  return (
    <main id="main" className="sign-in">
      <h1>Jobs API dashboard</h1>
      <form onSubmit={(event) => void submit(event)} noValidate>
        <label htmlFor={inputId}>API key</label>
        <input
          id={inputId}
          name="api-key"
          type="password"
          autoComplete="off"
          spellCheck={false}
          autoFocus
          value={apiKey}
          onChange={(event) => setApiKey(event.target.value)}
          aria-describedby={hintId}
          aria-invalid={error ? true : undefined}
        />
        <p id={hintId} className="hint">
          Kept in this tab only (session storage) until you sign out or close it. You see the jobs of the key’s organization.
        </p>
        {error ? <ErrorNotice>{error}</ErrorNotice> : null}
        <button type="submit" disabled={checking}>
          {checking ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
    </main>
  );
}
