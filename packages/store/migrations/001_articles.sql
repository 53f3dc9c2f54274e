-- One row per article key (the normalized-URL hash the pipeline carries as job.key).
CREATE TABLE articles (
  id            text PRIMARY KEY,
  url           text NOT NULL,
  final_url     text NOT NULL,
  canonical_url text NOT NULL,
  title         text,
  authors       jsonb NOT NULL DEFAULT '[]'::jsonb,
  -- As extracted: ISO 8601, with an offset only when the page gave one.
  published_at  text,
  -- Set only when published_at has an offset; a local time has no instant to sort by.
  published_ts  timestamptz,
  modified_at   text,
  language      text,
  text          text NOT NULL,
  lead          text,
  dateline      jsonb,
  section       text,
  site_name     text,
  tags          jsonb NOT NULL DEFAULT '[]'::jsonb,
  image_url     text,
  content_hash  text NOT NULL,
  duplicate_of  text,
  similarity    real,
  source_id     text,
  raw_ref       text,
  extractor     text NOT NULL,
  fetched_at    timestamptz NOT NULL,
  stored_at     timestamptz NOT NULL DEFAULT now(),
  updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX articles_canonical_url_idx ON articles (canonical_url);
CREATE INDEX articles_content_hash_idx ON articles (content_hash);
-- (stored_at, id) is the export keyset; it also serves plain stored_at filters.
CREATE INDEX articles_stored_at_id_idx ON articles (stored_at, id);
CREATE INDEX articles_published_ts_idx ON articles (published_ts);
CREATE INDEX articles_duplicate_of_idx ON articles (duplicate_of) WHERE duplicate_of IS NOT NULL;
