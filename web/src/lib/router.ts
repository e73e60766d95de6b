import { useSyncExternalStore } from 'react';

/** Hash routes (#/agreements/abc): the node serves one index.html, so no server fallback is needed. */
function read(): string[] {
  return location.hash.replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
}
let current = read();
let key = location.hash;
let moved = false;
/** Whether the person has moved to another page since the console loaded. */
export function hasNavigated(): boolean {
  return moved;
}
window.addEventListener('hashchange', () => {
  moved = true;
  current = read();
  key = location.hash;
});
function subscribe(cb: () => void): () => void {
  window.addEventListener('hashchange', cb);
  return () => window.removeEventListener('hashchange', cb);
}
export function useRoute(): string[] {
  useSyncExternalStore(subscribe, () => key);
  return current;
}
export function href(...parts: string[]): string {
  return '#/' + parts.map(encodeURIComponent).join('/');
}
export function navigate(...parts: string[]): void {
  location.hash = href(...parts).slice(1);
}
