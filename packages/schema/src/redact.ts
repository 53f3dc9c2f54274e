/**
 * `://user:password@` anywhere in a text: the password part, up to the `@`. Linear: a match
 * starts only at `://`, and neither part scans past a `/`, so no two attempts read the same text.
 */
const USERINFO_PASSWORD = /(:\/\/[^\s/?#@:]*:)[^\s/?#@]+@/g;
/** `?password=…` / `&pass=…` / `&pwd=…` query parameters (the value stops at the next `?`, `&` or `#`). */
const PASSWORD_PARAM = /([?&](?:password|pass|pwd)=)[^&#?\s]*/gi;

/**
 * The text with every URL password replaced by `***` (`https://ops:***@feeds.example.org/rss`,
 * `?password=***`), for failure reasons, logs and API answers: a feed or Redis URL may carry
 * credentials, and those must not travel further than the fetch that needs them.
 *
 * Hand-written rather than @npmcli/redact, which masks URL passwords the same way but also
 * every UUID and `npm_` token: a failure reason naming `https://site/a/3f2a…-…` would lose the
 * article's address.
 */
export function redactSecrets(text: string): string {
  return text.replace(USERINFO_PASSWORD, '$1***@').replace(PASSWORD_PARAM, '$1***');
}
