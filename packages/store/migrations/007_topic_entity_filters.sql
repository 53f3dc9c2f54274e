-- Filters by topic and entity (issue #7): jsonb containment (`topics @> '[{"label":"sport"}]'`,
-- `entities @> '{"people":[{"text":"Ada Lovelace"}]}'`) served by GIN indexes.
CREATE INDEX articles_topics_idx ON articles USING gin (topics jsonb_path_ops);
CREATE INDEX articles_entities_idx ON articles USING gin (entities jsonb_path_ops);
