/**
 * The page: the playground (web/playground), and the engine offered to the page's scripts as
 * `window.isoaws` (the client, the CLI, the web host with its sandbox backend), which the browser
 * end-to-end tests and curious learners in the devtools console use directly.
 */
import { createCli, createClient, createWebHost, treeHash } from '../src/index.web.js';
import { startPlayground } from './playground/app.js';

declare global {
  interface Window {
    isoaws: {
      createClient: typeof createClient;
      createCli: typeof createCli;
      createWebHost: typeof createWebHost;
      treeHash: typeof treeHash;
    };
  }
}

window.isoaws = { createClient, createCli, createWebHost, treeHash };
void startPlayground();
