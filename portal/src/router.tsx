/**
 * A few lines of client-side routing over the History API instead of a router library (bundle weight on phones).
 * Paths are the portal's own; a page's data that must not sit in the address (a query code with its phone) travels
 * in history.state.
 */
import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

const listeners = new Set<() => void>();
const emit = () => { for (const l of listeners) l(); };
window.addEventListener('popstate', emit);

function subscribe(l: () => void) { listeners.add(l); return () => { listeners.delete(l); }; }
const snapshot = () => window.location.pathname + window.location.search;

export interface Loc { path: string; query: URLSearchParams; state: unknown }

export function useLocation(): Loc {
  const href = useSyncExternalStore(subscribe, snapshot);
  const u = new URL(href, window.location.origin);
  return { path: u.pathname, query: u.searchParams, state: window.history.state as unknown };
}

export function navigate(to: string, state: unknown = null, replace = false): void {
  if (replace) window.history.replaceState(state, '', to);
  else window.history.pushState(state, '', to);
  window.scrollTo(0, 0);
  emit();
}

type Prefetch = (path: string) => void;
let prefetcher: Prefetch = () => {};
/** main.tsx says how to start loading a path's page chunk; links call it when a visit looks likely. */
export function setPrefetch(p: Prefetch): void { prefetcher = p; }

/** An ordinary link the router follows without reloading (modified clicks open as the browser would). Pointing at
 * it, touching it or focusing it starts loading the target page's chunk, so the tap usually finds it there. */
export function Link({ to, onClick, ...rest }: { to: string } & AnchorHTMLAttributes<HTMLAnchorElement>) {
  const click = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    e.preventDefault();
    navigate(to);
  };
  const warm = () => prefetcher(new URL(to, window.location.origin).pathname);
  return <a href={to} onClick={click} onPointerEnter={warm} onTouchStart={warm} onFocus={warm} {...rest} />;
}
