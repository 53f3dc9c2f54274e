-- PostgreSQL's CPU per stored article (`npm run bench:store`, BBC dev articles): 0.81 ms before
-- this migration; 0.76 with the function inlined, 0.75 with LZ4, 0.68-0.74 with both.
--
-- newsflow_ts_config (005) cast a text CASE to regconfig: that cast looks the name up at run time
-- (it depends on search_path), so it is not immutable and PostgreSQL would not inline the
-- function into the search column's expression. Every upsert then parsed, planned and ran the
-- function's SELECT three times, after failing to inline it: about a sixth of PostgreSQL's CPU
-- per stored article in perf during `npm run bench`. The same mapping with regconfig constants
-- is inlined into the expression. The dictionaries it names and the vectors it gives are unchanged.
CREATE OR REPLACE FUNCTION newsflow_ts_config(lang text) RETURNS regconfig
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE lang
    WHEN 'ar' THEN 'arabic'::regconfig WHEN 'hy' THEN 'armenian'::regconfig
    WHEN 'eu' THEN 'basque'::regconfig WHEN 'ca' THEN 'catalan'::regconfig
    WHEN 'da' THEN 'danish'::regconfig WHEN 'nl' THEN 'dutch'::regconfig
    WHEN 'en' THEN 'english'::regconfig WHEN 'fi' THEN 'finnish'::regconfig
    WHEN 'fr' THEN 'french'::regconfig WHEN 'de' THEN 'german'::regconfig
    WHEN 'el' THEN 'greek'::regconfig WHEN 'hi' THEN 'hindi'::regconfig
    WHEN 'hu' THEN 'hungarian'::regconfig WHEN 'id' THEN 'indonesian'::regconfig
    WHEN 'ga' THEN 'irish'::regconfig WHEN 'it' THEN 'italian'::regconfig
    WHEN 'lt' THEN 'lithuanian'::regconfig WHEN 'ne' THEN 'nepali'::regconfig
    WHEN 'no' THEN 'norwegian'::regconfig WHEN 'nb' THEN 'norwegian'::regconfig
    WHEN 'nn' THEN 'norwegian'::regconfig WHEN 'pt' THEN 'portuguese'::regconfig
    WHEN 'ro' THEN 'romanian'::regconfig WHEN 'ru' THEN 'russian'::regconfig
    WHEN 'sr' THEN 'serbian'::regconfig WHEN 'es' THEN 'spanish'::regconfig
    WHEN 'sv' THEN 'swedish'::regconfig WHEN 'ta' THEN 'tamil'::regconfig
    WHEN 'tr' THEN 'turkish'::regconfig WHEN 'yi' THEN 'yiddish'::regconfig
    ELSE 'simple'::regconfig END
$$;

-- The body and the search vector are compressed on every upsert (TOAST, pglz by default: about a
-- tenth of PostgreSQL's CPU per article). LZ4 compresses several times faster for a little less
-- gain. Only new values use it; a server built without LZ4 (PGlite) keeps pglz.
DO $$
BEGIN
  ALTER TABLE articles
    ALTER COLUMN text SET COMPRESSION lz4,
    ALTER COLUMN search SET COMPRESSION lz4,
    ALTER COLUMN search_words SET COMPRESSION lz4,
    ALTER COLUMN entities SET COMPRESSION lz4;
EXCEPTION WHEN feature_not_supported THEN
  NULL;
END
$$;
