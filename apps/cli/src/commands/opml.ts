import { isIP } from 'node:net';
import { isPrivateAddress } from '@newsflow/fetch';
import {
  ErrorCode,
  type ErrorCode as ErrorCodeType,
  HttpUrl,
  PipelineError,
  SourceTag,
} from '@newsflow/schema';
import { Parser } from 'htmlparser2';

/** A feed an OPML file lists, with the categories it sits under as tags. */
export interface OpmlFeed {
  url: string;
  kind: 'feed' | 'sitemap';
  title: string | null;
  tags: string[];
  line: number;
}

/** An outline that names a feed newsflow will not schedule, and why. */
export interface OpmlRefusal {
  line: number;
  url: string;
  code: ErrorCodeType;
  reason: string;
}

/** Outline nesting deeper than this is refused: no reader writes it, and tags stay short. */
const MAX_DEPTH = 32;
const MAX_TAGS = 50;

/**
 * The feeds in an OPML document. Parsed in one pass by htmlparser2's XML mode, which decodes the
 * five XML entities and character references but never reads a DTD, so no entity can expand
 * (no "billion laughs") and the work is linear in the input. Nested outlines without an
 * `xmlUrl` are folders: their `text` (or `title`) becomes a tag of the feeds inside, as does
 * each entry of a feed's `category` attribute (comma-separated, `/a/b` paths kept as `a/b`).
 * A feed listed in several folders is one feed with the tags of all of them. `xmlUrl`s that
 * are not http(s), or are a literal private address (unless `allowPrivate`), are refused one by
 * one with a reason; a document with no `<opml>` root fails as INVALID_PAYLOAD.
 */
export function parseOpml(
  text: string,
  { allowPrivate = false } = {},
): {
  feeds: OpmlFeed[];
  refused: OpmlRefusal[];
} {
  const newlines: number[] = [];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) newlines.push(i);
  const lineAt = (offset: number): number => {
    let lo = 0;
    let hi = newlines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((newlines[mid] ?? 0) < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };

  const byUrl = new Map<string, OpmlFeed>();
  const refused: OpmlRefusal[] = [];
  // One entry per open <outline>: the folder tag it adds (null for a feed or an unnamed folder).
  const folders: (string | null)[] = [];
  let sawRoot = false;
  const parser = new Parser(
    {
      onopentag(name, attrs) {
        const tag = name.toLowerCase();
        if (tag === 'opml') sawRoot = true;
        if (tag !== 'outline') return;
        // Thrown from inside the parse: a tag list as long as the nesting would make each feed cost
        // the depth, so a deep file is refused as soon as it is seen, not after.
        if (folders.length >= MAX_DEPTH)
          throw new PipelineError(
            ErrorCode.INVALID_PAYLOAD,
            `OPML outlines nest deeper than ${MAX_DEPTH} levels; refusing the file`,
          );
        const line = lineAt(parser.startIndex);
        const xmlUrl = attrs.xmlUrl ?? attrs.xmlurl;
        const label = (attrs.text ?? attrs.title ?? '').trim();
        if (xmlUrl === undefined) {
          folders.push(label ? cleanTag(label) : null);
          return;
        }
        folders.push(null);
        const url = xmlUrl.trim();
        const refusal = refuse(url, allowPrivate);
        if (refusal) {
          refused.push({ line, url, ...refusal });
          return;
        }
        const tags = [
          ...folders.filter((f): f is string => f !== null),
          ...(attrs.category ?? '').split(',').map((c) => cleanTag(c.replace(/^\/+|\/+$/g, ''))),
        ].filter((t): t is string => t !== null);
        const kind = (attrs.type ?? '').toLowerCase() === 'sitemap' ? 'sitemap' : 'feed';
        const seen = byUrl.get(url);
        if (seen) {
          seen.tags = unique([...seen.tags, ...tags]);
          return;
        }
        byUrl.set(url, { url, kind, title: label || null, tags: unique(tags), line });
      },
      onclosetag(name) {
        if (name.toLowerCase() === 'outline') folders.pop();
      },
    },
    { xmlMode: true, decodeEntities: true },
  );
  parser.end(text);
  if (!sawRoot) throw new PipelineError(ErrorCode.INVALID_PAYLOAD, 'not an OPML document: no <opml> element');
  return { feeds: [...byUrl.values()], refused };
}

function refuse(url: string, allowPrivate: boolean): { code: ErrorCodeType; reason: string } | null {
  if (!HttpUrl.safeParse(url).success)
    return { code: ErrorCode.BAD_URL, reason: 'xmlUrl is not an http(s) URL' };
  const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
  if (!allowPrivate && (host === 'localhost' || (isIP(host) && isPrivateAddress(host))))
    return {
      code: ErrorCode.PRIVATE_ADDRESS,
      reason: 'xmlUrl is a private address (FETCH_ALLOW_PRIVATE_NETWORKS is off)',
    };
  return null;
}

function cleanTag(raw: string): string | null {
  const parsed = SourceTag.safeParse(raw.replace(/\s+/g, ' '));
  return parsed.success ? parsed.data : null;
}

function unique(tags: string[]): string[] {
  return [...new Set(tags)].slice(0, MAX_TAGS);
}

const escapeXml = (s: string): string =>
  s.replace(
    /[<>&"']/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c,
  );

/**
 * An OPML 2.0 document of `sources`: each tag becomes a folder outline holding its feeds (a feed
 * with two tags is listed in both folders, which `parseOpml` merges back into one feed with both
 * tags); untagged feeds sit at the top level. Sitemaps carry `type="sitemap"`.
 */
export function toOpml(
  sources: { url: string; kind: string; tags: string[] }[],
  title = 'newsflow sources',
): string {
  const outline = (s: { url: string; kind: string }, indent: string): string =>
    `${indent}<outline type="${s.kind === 'sitemap' ? 'sitemap' : 'rss'}" text="${escapeXml(s.url)}" xmlUrl="${escapeXml(s.url)}"/>`;
  const folders = new Map<string, typeof sources>();
  const lines: string[] = [];
  for (const s of sources) {
    if (s.tags.length === 0) lines.push(outline(s, '    '));
    for (const tag of s.tags) folders.set(tag, [...(folders.get(tag) ?? []), s]);
  }
  for (const [tag, inFolder] of [...folders].sort(([a], [b]) => a.localeCompare(b))) {
    lines.push(
      `    <outline text="${escapeXml(tag)}">`,
      ...inFolder.map((s) => outline(s, '      ')),
      '    </outline>',
    );
  }
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<opml version="2.0">',
    `  <head><title>${escapeXml(title)}</title><dateCreated>${new Date().toUTCString()}</dateCreated></head>`,
    '  <body>',
    ...lines,
    '  </body>',
    '</opml>',
    '',
  ].join('\n');
}
