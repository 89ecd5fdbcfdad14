/**
 * Request headers as the engine builds them: a plain object whose names keep the spelling they were set
 * with (a model's `Content-Type`, a signer's `x-amz-date`), looked up without regard to case, as HTTP
 * names are. One set of helpers, so no caller loops over the names itself.
 */
export type Headers = Record<string, string>;

/** The name a header is spelled with here, if it is set. */
export function headerName(headers: Readonly<Headers>, name: string): string | undefined {
  const lower = name.toLowerCase();
  return Object.keys(headers).find((k) => k.toLowerCase() === lower);
}

/** A header's value, whatever the case of its name. */
export function getHeader(headers: Readonly<Headers>, name: string): string | undefined {
  const key = headerName(headers, name);
  return key === undefined ? undefined : headers[key];
}

/** Sets a header unless it is set already, in any spelling. */
export function setDefaultHeader(headers: Headers, name: string, value: string): void {
  if (headerName(headers, name) === undefined) headers[name] = value;
}

/** Sets a header, replacing it in whatever spelling it was set. */
export function setHeader(headers: Headers, name: string, value: string): void {
  deleteHeader(headers, name);
  headers[name] = value;
}

/** Removes a header in every spelling it is set in. */
export function deleteHeader(headers: Headers, name: string): void {
  const lower = name.toLowerCase();
  for (const k of Object.keys(headers)) if (k.toLowerCase() === lower) delete headers[k];
}

/** A copy without the headers named (in any case). */
export function withoutHeaders(headers: Readonly<Headers>, names: readonly string[]): Headers {
  const lower = names.map((n) => n.toLowerCase());
  return Object.fromEntries(Object.entries(headers).filter(([k]) => !lower.includes(k.toLowerCase())));
}
