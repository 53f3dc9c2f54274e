-- Reprocessing and the pipeline trail (issue #7). `newsflow reprocess --stage clean` re-extracts
-- from the archived page: it needs the page's content type (its charset, HTML or text) and size
-- next to raw_ref. `rev` names the reprocess run that last wrote the row (null: the first pass),
-- and `trail` holds when each stage finished with the article: {cleaned, deduped, classified,
-- stored} as ISO 8601 times (fetched is fetched_at).
ALTER TABLE articles ADD COLUMN raw_bytes integer;
ALTER TABLE articles ADD COLUMN raw_content_type text;
ALTER TABLE articles ADD COLUMN rev text;
ALTER TABLE articles ADD COLUMN trail jsonb NOT NULL DEFAULT '{}'::jsonb;
CREATE INDEX articles_source_stored_idx ON articles (source_id, stored_at, id);
