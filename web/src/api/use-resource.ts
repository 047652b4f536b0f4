/** Loads one management resource for a screen, optionally polling it, and reads it with a checking reader. */
import { useCallback, useEffect, useState } from 'react';
import { serves, type Capabilities } from './capabilities.ts';
import { requestJson } from './client.ts';

export type Loaded<T> =
  | { readonly status: 'not-served' }
  | { readonly status: 'loading' }
  | { readonly status: 'failed'; readonly message: string }
  | { readonly status: 'ready'; readonly value: T };

export function useResource<T>(options: {
  token: string;
  capabilities: Capabilities;
  operation: string;
  path: string;
  read: (value: unknown) => T | undefined;
  pollMs?: number;
}): { loaded: Loaded<T>; reload: () => void } {
  const { token, capabilities, operation, path, read, pollMs } = options;
  const served = serves(capabilities, operation);
  const [loaded, setLoaded] = useState<Loaded<T>>({ status: served ? 'loading' : 'not-served' });
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((t) => t + 1), []);

  useEffect(() => {
    if (!served) {
      setLoaded({ status: 'not-served' });
      return undefined;
    }
    let live = true;
    const load = async (): Promise<void> => {
      const fetched = await requestJson(token, { method: 'GET', path });
      if (!live) return;
      if (!fetched.ok) return setLoaded({ status: 'failed', message: fetched.message });
      const value = read(fetched.value);
      setLoaded(
        value === undefined
          ? {
              status: 'failed',
              message: `The node answered ${operation} with a body the console cannot read`,
            }
          : { status: 'ready', value },
      );
    };
    void load();
    const timer = pollMs === undefined ? undefined : setInterval(() => void load(), pollMs);
    return () => {
      live = false;
      if (timer !== undefined) clearInterval(timer);
    };
  }, [served, token, operation, path, read, pollMs, tick]);

  return { loaded, reload };
}
