import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { useConsole } from './console-context.js';

/**
 * Loads data for a page and keeps it fresh: `reload()` on demand, and every `pollMs` while
 * `poll(data)` says something is still running. A 401 ends the session (console-context).
 */

export interface AsyncState<T> {
  readonly data: T | undefined;
  readonly error: unknown;
  readonly loading: boolean;
  reload(): void;
}

export const useAsync = <T>(
  load: () => Promise<T>,
  deps: readonly unknown[],
  options: { pollMs?: number; poll?: (data: T) => boolean } = {},
): AsyncState<T> => {
  const { reportError } = useConsole();
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(true);
  const [generation, setGeneration] = useState(0);
  const loadRef = useRef(load);
  loadRef.current = load;

  useEffect(() => {
    let live = true;
    setLoading(true);
    loadRef.current().then(
      (value) => {
        if (!live) return;
        setData(value);
        setError(undefined);
        setLoading(false);
      },
      (failure: unknown) => {
        if (!live) return;
        if (!reportError(failure)) setError(failure);
        setLoading(false);
      },
    );
    return () => {
      live = false;
    };
  }, [...deps, generation]);

  const shouldPoll = data !== undefined && options.poll?.(data) === true;
  useEffect(() => {
    if (!shouldPoll) return;
    const timer = setTimeout(() => setGeneration((g) => g + 1), options.pollMs ?? 1500);
    return () => clearTimeout(timer);
  }, [shouldPoll, data, options.pollMs]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { data, error, loading, reload };
};

/** Runs a user action: busy while it runs, its error kept for display. */
export const useAction = (): {
  busy: boolean;
  error: unknown;
  run(action: () => Promise<void>): Promise<boolean>;
  clear(): void;
} => {
  const { reportError } = useConsole();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(undefined);
  const run = useCallback(
    async (action: () => Promise<void>) => {
      setBusy(true);
      setError(undefined);
      try {
        await action();
        return true;
      } catch (failure) {
        if (!reportError(failure)) setError(failure);
        return false;
      } finally {
        setBusy(false);
      }
    },
    [reportError],
  );
  return { busy, error, run, clear: () => setError(undefined) };
};
