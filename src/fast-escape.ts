/**
 * A faster percent-encoding for node:querystring, installed once by `serve`. The Slack Web API client form-encodes
 * every call (the Block Kit JSON of each reply, 2-4 KB) with querystring.stringify, whose default escape builds its
 * output one escaped character at a time: about 30 KB of garbage and 7 us per reply. encodeURIComponent leaves
 * exactly the same characters unescaped (A-Z a-z 0-9 - _ . ! ~ * ' ( )) and writes the same UTF-8 bytes in the same
 * uppercase hex, natively and in one string. Node documents querystring.escape as replaceable for this purpose.
 */
import querystring from 'node:querystring';

const original = querystring.escape;

/**
 * querystring's escape, the same output for every input: encodeURIComponent for strings, and the original for
 * anything else and for malformed UTF-16 (lone surrogates), on which the original has its own answers.
 */
export function fastEscape(value: string): string {
  if (typeof value !== 'string') return original(value);
  try {
    return encodeURIComponent(value);
  } catch {
    return original(value);
  }
}

/** Makes querystring.stringify (and so every Web API call's form body) use fastEscape. Idempotent. */
export function installFastEscape(): void {
  querystring.escape = fastEscape;
}
