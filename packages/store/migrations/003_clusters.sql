-- Story clusters from the dedup stage: every article names the cluster it joined (the
-- first-seen copy's id; an original's own id) and the layer that matched it (url, canonical,
-- content, near). The rows of one cluster are every URL and outlet that carried the story.
ALTER TABLE articles ADD COLUMN cluster_id text;
ALTER TABLE articles ADD COLUMN matched_by text;
-- Rows stored before clusters: a duplicate's cluster is the article it copies.
UPDATE articles SET cluster_id = COALESCE(duplicate_of, id) WHERE cluster_id IS NULL;
CREATE INDEX articles_cluster_id_idx ON articles (cluster_id, stored_at);
