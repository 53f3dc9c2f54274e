-- Chinese, Japanese, Thai and the other scripts written without spaces: PostgreSQL's parser
-- takes a run of letters as one word, so a whole clause was one lexeme and no word inside it
-- could be found. For articles in those scripts the storer also writes title, lead and text
-- with spaces between words (ICU word breaks) to search_words; the search vector reads them
-- where present. Other articles keep search_words NULL and index as before.
ALTER TABLE articles ADD COLUMN search_words text[];

ALTER TABLE articles DROP COLUMN search;
ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector(newsflow_ts_config(language), coalesce(search_words[1], title, '')), 'A') ||
  setweight(to_tsvector(newsflow_ts_config(language), coalesce(search_words[2], lead, '')), 'B') ||
  setweight(to_tsvector(newsflow_ts_config(language), left(coalesce(search_words[3], text, ''), 200000)), 'C')
) STORED;

CREATE INDEX articles_search_idx ON articles USING gin (search);
