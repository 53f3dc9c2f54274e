import { openStore } from '@newsflow/store';
import pg from 'pg';

/**
 * Stores `count` articles in the PostgreSQL database at `url` with one set-based INSERT (the
 * store's migrations first): seconds for thousands of rows, where the pipeline would take
 * minutes. Bodies are `paragraphs` paragraphs long and carry quotes, commas, newlines and
 * non-ASCII text, so JSON and CSV escaping are exercised.
 */
export async function seedArticles(url: string, count: number, paragraphs = 6): Promise<void> {
  const store = await openStore({ databaseUrl: url });
  await store.close();
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(
      `INSERT INTO articles (id, url, final_url, canonical_url, title, authors, published_at, language,
         text, lead, tags, content_hash, cluster_id, extractor, fetched_at, stored_at, updated_at)
       SELECT md5('a' || i), 'https://news.example/story/' || i, 'https://news.example/story/' || i,
         'https://news.example/story/' || i, 'Story ' || i || ': "the harbour", café, naïve',
         '["Jane Doe"]'::jsonb, '2024-09-13T14:00:00+05:00', 'en',
         array_to_string(array_fill('Paragraph of story ' || i || ', with "quotes", commas; and ünïcödé text about the harbour bridge reopening after months of repairs.'::text, ARRAY[$2::int]), E'\\n\\n'),
         'Lead of story ' || i, '["transport"]'::jsonb, md5('t' || i), md5('a' || i), 'seed@1',
         now(), now() - (($1::int - i) * interval '1 millisecond'), now()
       FROM generate_series(1, $1::int) AS i`,
      [count, paragraphs],
    );
  } finally {
    await client.end();
  }
}
