import type { Element } from 'domhandler';
import { childNamed } from './feed-dom.js';
import { plainTextOf, squash } from './feed-text.js';
import type { FeedAuthor } from './feed-types.js';

const MAX_PERSON_CHARS = 320;

/**
 * Splits the free-text person strings of RSS (`jo@example.com (Jo Bloggs)`, `Jo <jo@x.org>`,
 * a bare name or a bare address) into name and email.
 */
export function personFromText(text: string | null): FeedAuthor | null {
  const s = squash(text ?? '');
  if (!s) return null;
  // The patterns below backtrack over runs of non-space characters (quadratic on 64 KB of
  // "@"); a real name-and-address string is far shorter, so a longer one is only a name.
  if (s.length > MAX_PERSON_CHARS) return { name: s };
  let m = /^(\S+@\S+)\s*\((.*)\)$/.exec(s);
  if (m) return withParts(m[2], m[1]);
  m = /^(.*?)\s*\((\S+@\S+)\)$/.exec(s);
  if (m) return withParts(m[1], m[2]);
  m = /^(.*?)\s*<(\S+@\S+)>$/.exec(s);
  if (m) return withParts(m[1], m[2]);
  if (/^\S+@\S+$/.test(s)) return { email: s.replace(/^mailto:/i, '') };
  return { name: s };
}

function withParts(name: string | undefined, email: string | undefined): FeedAuthor {
  const person: FeedAuthor = {};
  const n = name?.trim();
  if (n) person.name = n;
  if (email) person.email = email.replace(/^mailto:/i, '');
  return person;
}

/** An Atom person construct (`<author><name/><email/></author>`), or null when it names no one. */
export function atomPerson(el: Element, ns: readonly string[] = ['atom', 'none']): FeedAuthor | null {
  const name = plainTextOf(childNamed(el, ns, 'name'), 'text');
  const email = plainTextOf(childNamed(el, ns, 'email'), 'text');
  if (!name && !email) {
    // Some feeds put the name straight inside <author>.
    return personFromText(plainTextOf(el, 'text'));
  }
  const person: FeedAuthor = {};
  if (name) person.name = name;
  if (email) person.email = email;
  return person;
}
