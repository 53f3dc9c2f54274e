-- Topics, entities and keywords from the classify stage, and the topic model that produced
-- them (so `newsflow reprocess --stage classify` can find articles classified by an older model).
ALTER TABLE articles ADD COLUMN topics jsonb NOT NULL DEFAULT '[]'::jsonb;
ALTER TABLE articles ADD COLUMN entities jsonb NOT NULL DEFAULT '{"people":[],"places":[],"organizations":[]}'::jsonb;
ALTER TABLE articles ADD COLUMN keywords jsonb NOT NULL DEFAULT '[]'::jsonb;
ALTER TABLE articles ADD COLUMN classifier_version text;
CREATE INDEX articles_classifier_version_idx ON articles (classifier_version);
