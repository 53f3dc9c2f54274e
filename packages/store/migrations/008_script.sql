-- The script of languages written in more than one (ISO 15924: Hans/Hant, Cyrl/Latn, …).
ALTER TABLE articles ADD COLUMN script text;
