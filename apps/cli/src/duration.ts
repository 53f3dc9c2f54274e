import { UsageError } from './command.js';

const UNITS: Record<string, number> = { ms: 1, s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Parses `90s`, `15m`, `2h`, `1d` (or plain milliseconds) into milliseconds; null when it is none of those. */
export function parseDuration(text: string): number | null {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)?$/.exec(text.trim());
  if (!match?.[1]) return null;
  const value = Number(match[1]) * (UNITS[match[2] ?? 'ms'] ?? 1);
  return Number.isFinite(value) && value > 0 ? Math.round(value) : null;
}

/** `--since`: a duration back from now (`2h`) or an absolute date; null when it is neither. */
export function parseSince(text: string): Date | null {
  const ago = parseDuration(text);
  const since = ago ? new Date(Date.now() - ago) : new Date(text);
  return Number.isNaN(since.getTime()) ? null : since;
}

/** The `--since` option: undefined when not given; a usage error when it is neither a duration nor a date. */
export function sinceOption(text: string | undefined): Date | undefined {
  if (text === undefined) return undefined;
  const since = parseSince(text);
  if (!since) throw new UsageError(`--since must be a duration or a date, got ${text}`);
  return since;
}
