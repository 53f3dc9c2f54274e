/** One output line of a JSON Lines batch: what the handler made of the input line, or why it failed. */
export type JsonLineResult<T extends object> = ({ id: unknown } & T) | { id: unknown; error: string };

/**
 * The loop of every `--jsonl` batch command: each non-blank input line is parsed and handed to
 * `handle`, in order, and gives exactly one output line, `{id, ...result}`, or
 * `{id, error: "line N: …"}` when the line is not JSON or `handle` throws. A bad line never
 * stops the batch; `id` is the input's `id` (null when it has none), so outputs can be joined
 * back to inputs. A line that is JSON but not an object reaches `handle` as `{}`.
 */
export async function* mapJsonLines<T extends object>(
  lines: AsyncIterable<string> | Iterable<string>,
  handle: (input: Record<string, unknown>, id: unknown) => T | Promise<T>,
): AsyncGenerator<JsonLineResult<T>> {
  let n = 0;
  for await (const line of lines) {
    n++;
    if (!line.trim()) continue;
    let id: unknown = null;
    try {
      const parsed: unknown = JSON.parse(line);
      const input =
        typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
          ? (parsed as Record<string, unknown>)
          : {};
      id = input.id ?? null;
      yield { id, ...(await handle(input, id)) };
    } catch (error) {
      yield { id, error: `line ${n}: ${error instanceof Error ? error.message : String(error)}` };
    }
  }
}
