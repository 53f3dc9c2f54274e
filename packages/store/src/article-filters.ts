/** Filters shared by {@link listArticles} and {@link searchArticles}. */
export interface ArticleFilters {
  /** Only articles the classifier gave this topic label (any of its topics, not only the first). */
  topic?: string;
  /** Only articles naming this person, place or organization (its exact surface form). */
  entity?: string;
  /** Only the articles of this story cluster. */
  clusterId?: string;
}

/**
 * SQL conditions for `filters` over the `articles` columns (qualified with `alias`), pushing
 * their values onto `params`. Topic and entity use jsonb containment, which the GIN indexes of
 * migration 007 serve.
 */
export function filterConditions(filters: ArticleFilters, params: unknown[], alias = ''): string[] {
  const where: string[] = [];
  if (filters.topic)
    where.push(`${alias}topics @> $${params.push(JSON.stringify([{ label: filters.topic }]))}::jsonb`);
  if (filters.entity) {
    const n = params.push(JSON.stringify([{ text: filters.entity }]));
    const kinds = ['people', 'places', 'organizations'];
    where.push(
      `(${kinds.map((kind) => `${alias}entities @> jsonb_build_object('${kind}', $${n}::jsonb)`).join(' OR ')})`,
    );
  }
  if (filters.clusterId) where.push(`${alias}cluster_id = $${params.push(filters.clusterId)}`);
  return where;
}
