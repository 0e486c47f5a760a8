/**
 * The portal's client-side paths and the page (src/pages/<Page>.tsx, one chunk each) that each one shows. main.tsx
 * routes by it; the build writes it with each page's chunk files to dist/preload.json, from which the server names
 * the page's chunks in the HTML it sends (modulepreload), so a phone opening /petition fetches the form's code
 * together with the app instead of after it. A path segment of digits is written `:id`.
 */
export const PAGE_OF_PATH: Record<string, string> = {
  '/': 'Home',
  '/petition': 'Petition',
  '/petition/done': 'Submitted',
  '/progress': 'Progress',
  '/appointments': 'Appointments',
  '/articles': 'Articles',
  '/articles/:id': 'Article',
};

/** The route key of a path: trailing slashes dropped, digit segments as `:id`. */
export function routeKey(pathname: string): string {
  return (pathname.replace(/\/+$/, '') || '/').replace(/\/\d+(?=\/|$)/g, '/:id');
}
