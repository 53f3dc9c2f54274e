import { describe, expect, it } from 'vitest';
import { parseFeed } from './parse-feed.js';

const bytes = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, 'utf8'));

const RSS2 = `\ufeff  <?xml version="1.0"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel><title>News &amp; Views&nbsp;Daily</title><link>https://news.example/</link>
<image><title>not the feed title</title></image>
<item><title><![CDATA[Caf&eacute; <b>opens</b>]]></title><link>/story/1</link>
<guid isPermaLink="false">story-1</guid><pubDate>Tue, 10 Jun 2003 09:41:01 GMT</pubDate>
<author>jo@news.example (Jo Bloggs)</author><description>&lt;p&gt;Lead &amp; more&lt;/p&gt;</description>
<content:encoded><![CDATA[<p>Full</p>]]></content:encoded></item>
<item><title>Bare & ampersand &eacute;t&eacute;</title><guid>https://news.example/story/2</guid>
<dc:creator>Ann</dc:creator><dc:date>2003-06-11T08:00:00+02:00</dc:date></item>
</channel></rss>`;

const RDF = `<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel rdf:about="https://rdf.example/"><title>RDF feed</title><link>https://rdf.example/</link></channel>
<item rdf:about="https://rdf.example/a"><title>A</title><link>https://rdf.example/a</link><dc:date>2004-01-02</dc:date></item>
</rdf:RDF>`;

const ATOM = `<feed xmlns="http://www.w3.org/2005/Atom" xml:base="https://blog.example/">
<title type="html">Atom &lt;em&gt;blog&lt;/em&gt;</title><link href="/" /><link rel="self" href="/feed.xml" />
<author><name>Feed Author</name></author>
<entry xml:base="posts/"><title type="text">1 &lt; 2</title>
<link rel="edit" href="/edit/1"/><link rel="alternate" href="one.html"/><id>tag:blog.example,2024:1</id>
<published>2024-09-13T14:00:00+05:00</published><updated>2024-09-14T00:00:00Z</updated>
<summary>Short</summary><content type="html">&lt;p&gt;Long&lt;/p&gt;</content></entry>
<entry><title type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml">X <b>html</b></div></title>
<id>urn:2</id><author><name>Own</name><email>own@blog.example</email></author><updated>2024-09-15T10:00:00Z</updated></entry>
</feed>`;

const JSON_FEED = JSON.stringify({
  version: 'https://jsonfeed.org/version/1.1',
  title: 'JSON feed',
  home_page_url: 'https://json.example/',
  authors: [{ name: 'Feed Person' }],
  items: [
    {
      id: 1,
      url: '/p/1',
      title: 'One',
      date_published: '2024-01-02T03:04:05-01:00',
      content_html: '<p>x</p>',
    },
    {
      id: 'two',
      external_url: 'https://elsewhere.example/',
      authors: [{ name: 'Item Person' }],
      content_text: 'y',
    },
  ],
});

describe('parseFeed', () => {
  it.each([
    [
      'RSS 2.0 with a BOM, entities, CDATA and a bare &',
      RSS2,
      'rss',
      'News & Views\u00a0Daily',
      'https://news.example/',
      [
        {
          title: 'Café opens',
          link: 'https://feeds.example/story/1',
          id: 'story-1',
          published: '2003-06-10T09:41:01Z',
          author: { name: 'Jo Bloggs', email: 'jo@news.example' },
          summary: '<p>Lead & more</p>',
          content: '<p>Full</p>',
        },
        {
          title: 'Bare & ampersand été',
          link: 'https://news.example/story/2',
          id: 'https://news.example/story/2',
          published: '2003-06-11T08:00:00+02:00',
          author: { name: 'Ann' },
        },
      ],
    ],
    [
      'RSS 1.0 (RDF)',
      RDF,
      'rdf',
      'RDF feed',
      'https://rdf.example/',
      [
        {
          title: 'A',
          link: 'https://rdf.example/a',
          id: 'https://rdf.example/a',
          published: '2004-01-02T00:00:00Z',
        },
      ],
    ],
    [
      'Atom 1.0 with xml:base and text constructs',
      ATOM,
      'atom',
      'Atom blog',
      'https://blog.example/',
      [
        {
          title: '1 < 2',
          link: 'https://blog.example/posts/one.html',
          id: 'tag:blog.example,2024:1',
          published: '2024-09-13T14:00:00+05:00',
          updated: '2024-09-14T00:00:00Z',
          author: { name: 'Feed Author' },
          summary: 'Short',
          content: '<p>Long</p>',
        },
        {
          title: 'X html',
          link: null,
          id: 'urn:2',
          published: null,
          updated: '2024-09-15T10:00:00Z',
          author: { name: 'Own', email: 'own@blog.example' },
        },
      ],
    ],
    [
      'JSON Feed 1.1',
      JSON_FEED,
      'json',
      'JSON feed',
      'https://json.example/',
      [
        {
          title: 'One',
          link: 'https://feeds.example/p/1',
          id: '1',
          published: '2024-01-02T03:04:05-01:00',
          author: { name: 'Feed Person' },
          content: '<p>x</p>',
        },
        {
          title: null,
          link: 'https://elsewhere.example/',
          id: 'two',
          author: { name: 'Item Person' },
          content: 'y',
        },
      ],
    ],
  ])('reads %s', (_name, text, format, title, link, items) => {
    const feed = parseFeed(bytes(text), { url: 'https://feeds.example/feed' });
    expect(feed).toMatchObject({ format, title, link, encoding: 'utf-8', error: null });
    expect(feed.items).toHaveLength(items.length);
    for (const [i, item] of items.entries()) expect(feed.items[i]).toMatchObject(item);
  });

  it('decodes with the HTTP charset over the XML declaration', () => {
    const body = new Uint8Array(
      Buffer.from(
        '<?xml version="1.0" encoding="utf-8"?><rss><channel><title>caf\xe9</title></channel></rss>',
        'latin1',
      ),
    );
    expect(parseFeed(body, { contentType: 'application/rss+xml; charset=iso-8859-1' })).toMatchObject({
      title: 'café',
      encoding: 'windows-1252',
      items: [],
    });
  });

  it('expands entities declared in the DOCTYPE', () => {
    const text =
      '<!DOCTYPE rss [<!ENTITY id "tag:x,">]><rss><channel><item><guid>&id;1</guid></item></channel></rss>';
    expect(parseFeed(bytes(text)).items[0]?.id).toBe('tag:x,1');
  });

  it.each([
    ['an empty document', '  \n', /empty/],
    ['an HTML page', '<!doctype html><html><head><title>x</title></head></html>', /root element is <html>/],
    ['unknown XML', '<?xml version="1.0"?><opml/>', /<opml>/],
    ['plain text', 'hello', /neither XML nor JSON/],
    ['JSON that is not a feed', '{"hello": 1}', /JSON Feed/],
    ['broken JSON', '{"items": [', /invalid JSON/],
  ])('refuses %s with NOT_A_FEED', (_name, text, message) => {
    expect(() => parseFeed(bytes(text), { url: 'https://x.example/feed' })).toThrow(
      expect.objectContaining({
        code: 'NOT_A_FEED',
        permanent: true,
        message: expect.stringMatching(message),
      }),
    );
  });
});
