/**
 * The browser page. For now it loads the engine and offers it to the page's scripts as
 * `window.isoaws.createClient`, which the browser end-to-end test drives; the command-line playground
 * builds on this page.
 */
import { createClient, treeHash } from '../src/index.web.js';

declare global {
  interface Window {
    isoaws: { createClient: typeof createClient; treeHash: typeof treeHash };
  }
}

window.isoaws = { createClient, treeHash };
document.getElementById('status')!.textContent = 'Engine ready: window.isoaws.createClient, window.isoaws.treeHash';
