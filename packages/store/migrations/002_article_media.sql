-- Images of the article with their captions (issue #4); the main image stays in image_url.
ALTER TABLE articles ADD COLUMN images jsonb NOT NULL DEFAULT '[]'::jsonb;
