/**
 * What a shell's history must never keep: a line that hands over a secret (`configure set
 * aws_secret_access_key …`, `--sse-c-key …`, a password or secret string as an option, in JSON, in
 * shorthand or as a JavaScript property). History outlives the session, in a file or a page's storage.
 */

/** Option names (without `--`) whose value is a secret; `--secret-id`, `--next-token` and the like are not. */
const SECRET_OPTION =
  /(?:^|-)(?:password|passphrase|secret|secret-string|secret-binary|secret-access-key|client-secret|private-key|sse-c-key|sse-c-copy-source-key|session-token|access-token|refresh-token|auth-token|api-key)$/i;
/** Keys (JSON, shorthand, JavaScript, config) that name a secret, followed by their `:` or `=`. */
const SECRET_KEY =
  /(?:password|passphrase|secret(?:_?access_?key|string|binary)?|clientsecret|private_?key|session_?token|access_?token|refresh_?token|auth_?token|api_?key)["']?\s*[:=]/i;

/** Whether a typed line holds a secret, and so is kept out of the history. */
export function holdsSecret(line: string): boolean {
  if (SECRET_KEY.test(line.replace(/-/g, '_'))) return true;
  for (const match of line.matchAll(/(?:^|\s)--([\w-]+)/g)) if (SECRET_OPTION.test(match[1]!)) return true;
  // `configure set aws_secret_access_key VALUE` (the name may carry a profile: profile.dev.aws_session_token).
  return /\bconfigure\s+set\s+\S*(?:aws_secret_access_key|aws_session_token)\b/.test(line);
}
