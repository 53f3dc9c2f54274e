import { describe, expect, it } from 'vitest';
import { cleanHtml } from './clean-html.js';

const PARAS = [
  'The city council voted on Tuesday to expand the bus network, adding four new routes across the east side.',
  'Officials said the plan, which costs about $12 million, would be paid for by a state grant and fares.',
];

function page(head: string, body: string): string {
  return `<!doctype html><html lang="en-GB"><head>${head}</head><body>${body}</body></html>`;
}

const STORY = `<nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Council expands bus network</h1><div class="byline">By Jane Doe</div>
<div class="article-body"><p>${PARAS[0]}</p><figure><img src="x.jpg"><figcaption>A bus at the depot.</figcaption></figure>
<div class="share-bar"><a href="#">Share on Facebook</a></div><p>${PARAS[1]}</p>
<div class="related-stories"><h3>Related</h3><ul><li><a href="/a">Other story one</a></li><li><a href="/b">Other story two</a></li></ul></div></div></article>
<footer>© 2024 Example News</footer>`;

describe('cleanHtml metadata', () => {
  it('reads JSON-LD inside @graph, with authors as objects and references', () => {
    const ld = {
      '@context': 'https://schema.org',
      '@graph': [
        { '@type': 'WebSite', '@id': '#site', name: 'Example News' },
        { '@type': 'Person', '@id': '#jane', name: 'Jane Doe' },
        {
          '@type': ['NewsArticle'],
          headline: 'Council expands bus network',
          author: [
            { '@id': '#jane' },
            { '@type': 'Person', name: 'By John Roe' },
            { '@type': 'Organization', name: 'Example News' },
          ],
          datePublished: '2024-09-13T14:00:00+05:00',
          dateModified: '2024-09-13T15:30:00+05:00',
          articleSection: ['Local'],
          keywords: 'transport, buses',
          publisher: { '@type': 'Organization', name: 'Example News' },
        },
      ],
    };
    const article = cleanHtml(
      page(`<script type="application/ld+json">${JSON.stringify(ld)}</script>`, STORY),
    );
    expect(article).toMatchObject({
      title: 'Council expands bus network',
      authors: ['Jane Doe', 'John Roe'],
      publishedAt: '2024-09-13T14:00:00+05:00',
      modifiedAt: '2024-09-13T15:30:00+05:00',
      section: 'Local',
      tags: ['transport', 'buses'],
      siteName: 'Example News',
      declaredLanguage: 'en-GB',
    });
  });

  it('reads a top-level JSON-LD array with prefixed types and HTML-escaped text', () => {
    const ld = [
      { '@type': 'BreadcrumbList', itemListElement: [] },
      {
        '@type': 'http://schema.org/ReportageNewsArticle',
        headline: 'Council&#8217;s bus plan',
        author: 'By Jane Doe',
      },
    ];
    const article = cleanHtml(
      page(`<script type="application/ld+json">${JSON.stringify(ld)}</script>`, STORY),
    );
    expect(article).toMatchObject({ title: 'Council’s bus plan', authors: ['Jane Doe'] });
  });

  it('falls back to meta tags, <time> and <title> without its site suffix', () => {
    const head = `<title>Council expands bus network | Example News</title>
      <meta property="og:site_name" content="Example News"><meta name="author" content="Jane Doe">
      <meta property="og:image" content="/img/bus.jpg"><link rel="canonical" href="https://news.example/bus">`;
    const article = cleanHtml(page(head, `<time datetime="2024-09-13T09:00:00Z">Sept 13</time>${STORY}`), {
      url: 'https://news.example/bus?utm_source=x',
    });
    expect(article).toMatchObject({
      title: 'Council expands bus network',
      authors: ['Jane Doe'],
      publishedAt: '2024-09-13T09:00:00Z',
      canonicalUrl: 'https://news.example/bus',
      imageUrl: 'https://news.example/img/bus.jpg',
    });
  });
});

describe('cleanHtml body', () => {
  it('keeps the story paragraphs and drops chrome, captions, share bars and related lists', () => {
    expect(cleanHtml(page('', STORY)).text).toBe(PARAS.join('\n\n'));
  });

  it('never runs words of adjacent blocks together', () => {
    const html = page(
      '',
      `<article><div>${PARAS[0]}<div>Second block starts here and goes on for a while.</div></div>
      <p>${PARAS[1]}<br>Line after a break, still part of the story text.</p></article>`,
    );
    const text = cleanHtml(html).text;
    expect(text).not.toMatch(/east side\.Second|fares\.Line/);
    expect(text).toContain('Line after a break');
  });

  it('keeps headings and list items as their own paragraphs', () => {
    const html = page(
      '',
      `<main><p>${PARAS[0]}</p><h2>What changes</h2><ul><li>Route 12 runs every ten minutes.</li>
      <li>Route 14 is extended to the airport.</li></ul><p>${PARAS[1]}</p></main>`,
    );
    expect(cleanHtml(html).text.split('\n\n')).toEqual([
      PARAS[0],
      'What changes',
      'Route 12 runs every ten minutes.',
      'Route 14 is extended to the airport.',
      PARAS[1],
    ]);
  });

  it('uses JSON-LD articleBody when the markup has no paragraphs', () => {
    const ld = { '@type': 'NewsArticle', headline: 'Bus', articleBody: `${PARAS[0]}\n\n${PARAS[1]}` };
    const html = page(
      `<script type="application/ld+json">${JSON.stringify(ld)}</script>`,
      '<div id="app"></div>',
    );
    expect(cleanHtml(html).text).toBe(PARAS.join('\n\n'));
  });

  it('splits a wire dateline off the first paragraph', () => {
    const html = page('', `<article><p>WASHINGTON (Reuters) - ${PARAS[0]}</p><p>${PARAS[1]}</p></article>`);
    const article = cleanHtml(html);
    expect(article.dateline).toEqual({ place: 'Washington', agency: 'Reuters' });
    expect(article.text.startsWith(PARAS[0] ?? '?')).toBe(true);
  });

  it.each([
    ['an empty page', page('<title>Nothing</title>', ''), 'no article body text found'],
    [
      'a navigation-only page',
      page('', '<nav><ul><li><a href="/a">Home</a></li><li><a href="/b">World</a></li></ul></nav>'),
      'no article body text found',
    ],
    [
      'an index page of teasers',
      page(
        '',
        [1, 2, 3, 4]
          .map((i) => `<article><h2><a href="/s${i}">Story ${i}</a></h2><p>Teaser ${i}.</p></article>`)
          .join(''),
      ),
      'index or listing page: it lists other stories',
    ],
    [
      'a gallery',
      page(
        '<meta property="og:type" content="gallery">',
        [1, 2, 3, 4, 5, 6].map((i) => `<img src="/p${i}.jpg" alt="Photo ${i}">`).join(''),
      ),
      'gallery page with no article text',
    ],
    [
      'a video page',
      page(
        '<meta property="og:type" content="video.other">',
        '<video src="/v.mp4"></video><p>Watch the clip.</p>',
      ),
      'video page with no article text',
    ],
  ])('returns isArticle false with a reason for %s', (_, html, reason) => {
    const article = cleanHtml(html);
    expect(article.isArticle).toBe(false);
    expect(article.notArticleReason).toBe(reason);
  });

  it('keeps a short story with prose an article', () => {
    const article = cleanHtml(page('', `<article><p>${PARAS[0]}</p></article>`));
    expect(article).toMatchObject({ isArticle: true, notArticleReason: null });
  });
});

describe('cleanHtml fields beyond the body', () => {
  it('takes the lead from the meta description, else the first paragraph', () => {
    const described = cleanHtml(page('<meta name="description" content="Four new routes.">', STORY));
    expect(described.lead).toBe('Four new routes.');
    expect(cleanHtml(page('', STORY)).lead).toBe(PARAS[0]);
  });

  it('lists article images with captions, the og:image first, and leaves out story-list thumbnails', () => {
    const html = page(
      '<meta property="og:image" content="https://news.example.org/lead.jpg">',
      `${STORY}<aside class="related"><ul><li><a href="/c"><img src="/thumb.jpg">Other</a></li></ul></aside>`,
    );
    const article = cleanHtml(html, { url: 'https://news.example.org/story' });
    expect(article.imageUrl).toBe('https://news.example.org/lead.jpg');
    expect(article.images).toEqual([
      { url: 'https://news.example.org/lead.jpg', caption: null, alt: null },
      { url: 'https://news.example.org/x.jpg', caption: 'A bus at the depot.', alt: null },
    ]);
  });

  it('reads microdata headline, author and dates when there is no JSON-LD or meta', () => {
    const html = page(
      '',
      `<div itemscope itemtype="https://schema.org/NewsArticle"><h2 itemprop="headline">Council expands bus network</h2>
      <span itemprop="author" itemscope><span itemprop="name">Jane Doe</span></span>
      <time itemprop="datePublished" datetime="2024-03-05T10:00:00+01:00">5 March</time>
      <time itemprop="dateModified" datetime="2024-03-06T09:00:00+01:00">6 March</time>
      <div itemprop="articleBody"><p>${PARAS[0]}</p><p>${PARAS[1]}</p></div></div>`,
    );
    expect(cleanHtml(html)).toMatchObject({
      title: 'Council expands bus network',
      authors: ['Jane Doe'],
      publishedAt: '2024-03-05T10:00:00+01:00',
      modifiedAt: '2024-03-06T09:00:00+01:00',
      text: `${PARAS[0]}\n\n${PARAS[1]}`,
    });
  });

  it('reads tags, section, site name, canonical URL and language', () => {
    const head = `<meta property="og:site_name" content="Example News"><meta property="article:section" content="City">
      <meta property="article:tag" content="Transport"><meta name="news_keywords" content="buses, transport, council">
      <link rel="canonical" href="/news/bus-network">`;
    expect(cleanHtml(page(head, STORY), { url: 'https://news.example.org/x?utm=1' })).toMatchObject({
      siteName: 'Example News',
      section: 'City',
      tags: ['Transport', 'buses', 'council'],
      canonicalUrl: 'https://news.example.org/news/bus-network',
      declaredLanguage: 'en-GB',
    });
  });
});

describe('cleanHtml keeps only http(s) URLs (issue 17: javascript: URLs reached the article browser)', () => {
  it.each([
    'javascript:alert(document.domain)//',
    'JavaScript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'vbscript:msgbox(1)',
    'file:///etc/passwd',
  ])('drops %s as og:image, canonical, JSON-LD url and img src', (hostile) => {
    const ld = {
      '@type': 'NewsArticle',
      headline: 'Council expands bus network',
      url: hostile,
      image: hostile,
    };
    const html = page(
      `<link rel="canonical" href="${hostile}"><meta property="og:image" content="${hostile}">
       <meta property="og:url" content="${hostile}">
       <script type="application/ld+json">${JSON.stringify(ld)}</script>`,
      STORY.replace('src="x.jpg"', `src="${hostile}"`),
    );
    const article = cleanHtml(html, { url: 'https://news.example.org/bus' });
    expect(article.isArticle).toBe(true);
    expect(article.canonicalUrl).toBe('https://news.example.org/bus');
    expect(article.imageUrl).toBeNull();
    expect(article.images).toEqual([]);
  });

  it('still resolves relative http(s) ones', () => {
    const html = page(
      '<link rel="canonical" href="/bus?id=1"><meta property="og:image" content="//cdn.example.org/a.jpg">',
      STORY,
    );
    const article = cleanHtml(html, { url: 'https://news.example.org/bus' });
    expect(article.canonicalUrl).toBe('https://news.example.org/bus?id=1');
    expect(article.imageUrl).toBe('https://cdn.example.org/a.jpg');
  });
});
