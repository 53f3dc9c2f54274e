import { readFileSync } from 'node:fs';
import type { LabeledText } from '../train-topic-model.js';

const DIR = new URL('../../../../../shared/fixtures/', import.meta.url);

/** Rows of a JSON Lines fixture under `shared/fixtures/`. */
export function readJsonl<T>(path: string): T[] {
  return readFileSync(new URL(path, DIR), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as T);
}

/** A JSON fixture under `shared/fixtures/`. */
export function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(new URL(path, DIR), 'utf8')) as T;
}

/** A labelled classification fixture as training rows (`title + "\n" + text`, as the baselines). */
export function labeledRows(path: string): LabeledText[] {
  return readJsonl<{ title?: string; text: string; label: string }>(path).map((r) => ({
    text: `${r.title ?? ''}\n${r.text}`,
    label: r.label,
  }));
}

/** The seed article's title and body (the text dump with its headline). */
export function seedArticle(): { title: string; text: string } {
  const dump = readFileSync(new URL('seed/urdupoint-shoigu-kim.txt', DIR), 'utf8');
  const start = dump.indexOf("The head of Russia's Security Council");
  const endMark = 'ruptured ties with the West.';
  return {
    title: 'Russian Security Chief Shoigu Meets Kim Jong Un In N.Korea',
    text: dump.slice(start, dump.indexOf(endMark) + endMark.length),
  };
}

/** Six labelled toy texts, two labels: enough to train a model in a unit test. */
export const TOY_TOPICS = [
  { text: 'the striker scored a late goal in the cup final', label: 'sport' },
  { text: 'the team won the league after a penalty shootout', label: 'sport' },
  { text: 'coach praises goalkeeper after derby win', label: 'sport' },
  { text: 'shares fell as the central bank raised interest rates', label: 'money' },
  { text: 'the company reported record profits and higher sales', label: 'money' },
  { text: 'inflation and bond yields worry investors', label: 'money' },
];
