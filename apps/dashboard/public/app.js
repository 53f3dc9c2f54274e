const results = document.getElementById('results');
const view = document.getElementById('view');
const more = document.getElementById('more');
let next = null;

// Stored URLs come from fetched pages: only http(s) ones become links or host names, so a
// `javascript:` URL that got past the schema (an older row) is shown as text and never runs.
const httpUrl = (value) => {
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : null;
  } catch {
    return null;
  }
};

const text = (tag, value, className) => {
  const el = document.createElement(tag);
  el.textContent = value ?? '';
  if (className) el.className = className;
  return el;
};

async function getJson(url) {
  const res = await fetch(url, { credentials: 'same-origin' });
  if (!res.ok) throw new Error((await res.json().catch(() => ({}))).error ?? res.statusText);
  return res.json();
}

function addItem(article) {
  const li = document.createElement('li');
  li.dataset.id = article.id;
  li.append(
    text('div', article.title ?? '(no title)'),
    text(
      'div',
      `${article.publishedAt ?? 'undated'} · ${article.language ?? '?'} · ${httpUrl(article.canonicalUrl)?.hostname ?? '?'}`,
      'meta',
    ),
  );
  li.addEventListener('click', () => show(article.id, li));
  results.append(li);
}

async function show(id, li) {
  for (const el of results.querySelectorAll('li.active')) el.classList.remove('active');
  li?.classList.add('active');
  const a = await getJson(`/api/articles/${encodeURIComponent(id)}`);
  const article = document.createElement('article');
  const target = httpUrl(a.canonicalUrl);
  const link = text(target ? 'a' : 'span', a.canonicalUrl, 'url');
  if (target) {
    link.href = target.href;
    link.rel = 'noopener noreferrer';
  }
  article.append(
    text('h2', a.title ?? '(no title)'),
    text(
      'div',
      `${a.authors.join(', ') || 'no byline'} · ${a.publishedAt ?? 'undated'} · ${a.language ?? '?'}${a.duplicateOf ? ` · duplicate of ${a.duplicateOf}` : ''}`,
      'meta',
    ),
    link,
    text('p', a.text),
    text(
      'div',
      a.trail
        .map((step) => `${step.stage} ${step.at}${step.afterMs === null ? '' : ` (+${step.afterMs} ms)`}`)
        .join(' → '),
      'meta trail',
    ),
    text(
      'div',
      `extractor ${a.extractor} · model ${a.classifierVersion ?? 'none'}${a.rev ? ` · reprocessed as ${a.rev}` : ''} · first stored ${a.storedAt}${a.updatedAt !== a.storedAt ? ` · updated ${a.updatedAt}` : ''}`,
      'meta versions',
    ),
  );
  if (a.cluster.length > 1) {
    const list = document.createElement('ul');
    list.className = 'cluster';
    for (const m of a.cluster) {
      const similarity = m.similarity === null ? 'first seen' : `similarity ${m.similarity.toFixed(2)}`;
      list.append(text('li', `${m.siteName ?? m.outlet} — ${m.title ?? m.url} (${similarity})`));
    }
    article.append(text('h3', `Also published by (${a.cluster.length - 1})`), list);
  }
  view.replaceChildren(article);
}

async function load(reset) {
  const form = new FormData(document.getElementById('search'));
  const q = String(form.get('q') ?? '').trim();
  const lang = String(form.get('lang') ?? '');
  if (reset) {
    results.replaceChildren();
    next = null;
  }
  const params = new URLSearchParams();
  if (lang) params.set('lang', lang);
  for (const name of ['topic', 'entity']) {
    const value = String(form.get(name) ?? '').trim();
    if (value) params.set(name, value);
  }
  if (q) {
    params.set('q', q);
    const { hits } = await getJson(`/api/search?${params}`);
    hits.forEach((hit) => addItem(hit.article));
    if (!hits.length) results.append(text('li', 'No matches.', 'meta'));
    more.hidden = true;
    return;
  }
  if (next) params.set('cursor', next);
  const page = await getJson(`/api/articles?${params}`);
  page.articles.forEach(addItem);
  next = page.next;
  more.hidden = !next;
}

document.getElementById('search').addEventListener('submit', (event) => {
  event.preventDefault();
  load(true).catch(alert);
});
more.addEventListener('click', () => load(false).catch(alert));
load(true).catch((error) => results.append(text('li', error.message, 'meta')));
