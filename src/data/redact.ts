/**
 * Keeping the API key out of everything we print or store. Every error message, log line and cache
 * sidecar that mentions a URL goes through here first.
 */

/** What replaces a secret. */
export const REDACTED_MARK = "[REDACTED]";

/**
 * Replace every occurrence of each secret (and its URL-encoded form) in a text.
 * Secrets shorter than 4 characters are ignored (they would blank out ordinary words).
 * @example redactSecrets("key=abcd1234 failed", ["abcd1234"]) // => "key=[REDACTED] failed"
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) {
    if (!s || s.length < 4) continue;
    for (const form of new Set([s, encodeURIComponent(s)])) out = out.split(form).join(REDACTED_MARK);
  }
  return out;
}

/**
 * A URL safe to print: the `apiKey` query parameter (any case) is replaced, and any known secret
 * anywhere in the string too. Works on strings that are not valid URLs.
 * @example redactUrl("https://api.massive.com/v2/x?cursor=a&apiKey=s3cr3t") // => "https://api.massive.com/v2/x?cursor=a&apiKey=[REDACTED]"
 */
export function redactUrl(url: string, secrets: readonly (string | undefined)[] = []): string {
  const noParam = url.replace(/([?&](?:api[_-]?key|apikey|token|access_token)=)[^&#]*/gi, `$1${REDACTED_MARK}`);
  return redactSecrets(noParam, secrets);
}

/** A logger that redacts every line before handing it on. */
export function redactingLogger(log: (line: string) => void, secrets: readonly (string | undefined)[]): (line: string) => void {
  return (line) => log(redactUrl(line, secrets));
}
