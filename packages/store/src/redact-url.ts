/**
 * The URL with its password replaced by `***` (userinfo and `password=` query parameters),
 * safe to put in logs and error messages. Strings that do not parse as URLs are redacted by pattern.
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    for (const key of [...parsed.searchParams.keys()]) {
      if (/^(password|pass|pwd)$/i.test(key)) parsed.searchParams.set(key, '***');
    }
    return parsed.toString();
  } catch {
    return url
      .replace(/(\/\/[^:/@\s]*:)[^@/\s]*@/, '$1***@')
      .replace(/([?&](?:password|pass|pwd)=)[^&\s]*/gi, '$1***');
  }
}
