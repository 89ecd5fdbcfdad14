/**
 * The browser page. For now it loads the engine and offers it to the page's scripts as `window.isoaws`
 * (the client, the CLI, the web host with its sandbox backend), which the browser end-to-end tests
 * drive; the command-line playground builds on this page.
 */
import { createCli, createClient, createWebHost, treeHash } from '../src/index.web.js';

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
document.getElementById('status')!.textContent =
  'Engine ready: window.isoaws.createClient, createCli, createWebHost (backend: "sandbox" for the offline AWS), treeHash';
