/** The engine's version, sent in User-Agent and printed by `--version`. Kept in step with package.json by a test. */
export const VERSION = '0.1.0';
