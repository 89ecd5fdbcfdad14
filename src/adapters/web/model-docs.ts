/**
 * Where a service's documentation file is, in a module of its own: Vite turns such a URL template into a
 * map of every file it can name, 425 of them here, and a page that only calls services, never showing
 * help, should not download that map (about 8 kB gzip). The web model source imports this when asked for
 * documentation.
 */
export const docsFile = (service: string): URL =>
  new URL(`../../../models/docs/${service}.json.gz?no-inline`, import.meta.url);
