// Types of scripts/static-server.js, for the tests that serve pages with it.
export function serveDirectory(
  root: string,
  options?: { ranges?: boolean },
): Promise<{ url: string; sent: Array<{ path: string; bytes: number }>; close(): Promise<void> }>;
