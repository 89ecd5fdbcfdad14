/**
 * Where a service's examples file is, in a module of its own for the reason model-docs.ts gives: the map
 * Vite makes of every file the template can name is downloaded only by a page that shows help.
 */
export const examplesFile = (cliService: string): URL =>
  new URL(`../../../models/examples/${cliService}.json.gz?no-inline`, import.meta.url);
