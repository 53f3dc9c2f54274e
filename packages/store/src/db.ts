/** A result row as the driver returns it: column name to parsed value. */
export type Row = Record<string, unknown>;

export interface QueryOptions {
  /**
   * Prepares the statement once per connection under this name and reuses the plan (pg); a
   * name must always carry the same SQL. For the hot statements only: a statement run once per
   * article pays parsing and planning every time otherwise.
   */
  prepare?: string;
}

/** The statements both backends run; repository code only ever sees this. */
export interface Queryable {
  /** One parameterized statement ($1…); values are never interpolated into `sql`. */
  query<T extends Row = Row>(sql: string, params?: readonly unknown[], options?: QueryOptions): Promise<T[]>;
  /** A script of several statements without parameters (migration files). */
  exec(sql: string): Promise<void>;
}

/**
 * The tiny seam between repository SQL and the two drivers (`pg`, PGlite), so every
 * statement is written once and runs against both.
 */
export interface Db extends Queryable {
  /** Runs `fn` in one transaction on one connection: committed when it resolves, rolled back when it throws. */
  transaction<T>(fn: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** What the store logs through; a pino logger fits. */
export interface StoreLog {
  info(o: object, msg: string): void;
}
