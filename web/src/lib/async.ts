import { useCallback, useEffect, useRef, useState } from 'react';
import { ApiError } from '../api/client';

export interface Loaded<T> { data: T | undefined; error: ApiError | Error | undefined; loading: boolean; reload: () => void }

/** Runs an API read when its inputs change; keeps the last error for the page to show. */
export function useLoad<T>(fn: () => Promise<T>, deps: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data: T | undefined; error: ApiError | Error | undefined; loading: boolean }>({ data: undefined, error: undefined, loading: true });
  const [tick, setTick] = useState(0);
  const seq = useRef(0);
  useEffect(() => {
    const mine = ++seq.current;
    setState((s) => ({ ...s, loading: true, error: undefined }));
    fn().then(
      (data) => mine === seq.current && setState({ data, error: undefined, loading: false }),
      (error: Error) => mine === seq.current && setState({ data: undefined, error, loading: false }),
    );
  }, [...deps, tick]);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  return { ...state, reload };
}

/** An action a person starts (a button): busy while it runs, its error or result kept. */
export function useAction<A extends unknown[], T>(fn: (...a: A) => Promise<T>): { run: (...a: A) => Promise<T | undefined>; busy: boolean; error: Error | undefined; result: T | undefined } {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<Error | undefined>();
  const [result, setResult] = useState<T | undefined>();
  const run = async (...a: A) => {
    setBusy(true);
    setError(undefined);
    try {
      const r = await fn(...a);
      setResult(r);
      return r;
    } catch (e) {
      setError(e as Error);
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  return { run, busy, error, result };
}
