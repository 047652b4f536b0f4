/** Renders a resource's loading, failure and not-served states the same way on every screen. */
import type { ReactNode } from 'react';
import type { Loaded } from '../api/use-resource.ts';
import { NotServed } from './not-served.tsx';

export function LoadedView<T>(props: {
  loaded: Loaded<T>;
  what: string;
  operations: readonly string[];
  children: (value: T) => ReactNode;
}) {
  const { loaded } = props;
  switch (loaded.status) {
    case 'not-served':
      return <NotServed what={props.what} operations={props.operations} />;
    case 'loading':
      return <p role="status">Loading {props.what}…</p>;
    case 'failed':
      return (
        <p className="notice notice-error" role="alert">
          {loaded.message}
        </p>
      );
    case 'ready':
      return <>{props.children(loaded.value)}</>;
  }
}
