import type { ReactNode } from 'react';

/** A failure a person must see: announced by screen readers as it appears. */
export function ErrorNotice({ children }: { children: ReactNode }) {
  return (
    <p className="notice notice-error" role="alert">
      {children}
    </p>
  );
}
