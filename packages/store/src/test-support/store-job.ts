import { createHash } from 'node:crypto';
import { articleKey, StoreJob, type StoreJobInput } from '@newsflow/schema';

const sha256 = (value: string) => createHash('sha256').update(value).digest('hex');

/** A realistic StoreJob for `url`, as the classify stage would enqueue it; `article` fields merge. */
export function storeJob(
  url = 'https://news.example.com/2024/09/13/harbour-bridge-reopens?utm_source=rss',
  overrides: Partial<Omit<StoreJobInput, 'article'>> & { article?: Partial<StoreJobInput['article']> } = {},
): StoreJob {
  const text =
    'The harbour bridge reopened to traffic on Friday after eight months of repairs.\n\n' +
    'City officials said the work finished two weeks ahead of schedule.';
  const { article, ...rest } = overrides;
  return StoreJob.parse({
    key: articleKey(url),
    url,
    finalUrl: url.replace(/\?.*$/, ''),
    fetchedAt: '2024-09-13T15:02:11.417Z',
    sourceId: 'example-news-rss',
    ingestId: 'ingest-2024-09-13T15',
    rawRef: sha256(`raw:${url}`),
    article: {
      title: 'Harbour bridge reopens after repairs',
      authors: ['Jane Doe', 'Ahmed Khan'],
      publishedAt: '2024-09-13T14:00:00+05:00',
      modifiedAt: '2024-09-13T16:30:00+05:00',
      text,
      lead: 'The harbour bridge reopened to traffic on Friday.',
      dateline: { place: 'KARACHI', agency: 'Reuters' },
      section: 'City',
      siteName: 'Example News',
      tags: ['transport', 'infrastructure'],
      canonicalUrl: url.replace(/\?.*$/, ''),
      imageUrl: 'https://news.example.com/img/bridge.jpg',
      declaredLanguage: 'en',
      ...article,
    },
    extractor: { name: 'readability', version: '0.6.0' },
    dedup: {
      canonicalUrl: url.replace(/\?.*$/, ''),
      contentHash: sha256(text),
      duplicateOf: null,
      similarity: null,
    },
    classification: { language: 'en', languageScore: 0.98 },
    ...rest,
  });
}
