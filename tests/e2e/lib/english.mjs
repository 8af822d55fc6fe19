// The English sentences a translated window must never show: every literal run of four or more
// words in the core catalogue (crates/core/catalogue/en.json) and the window's own texts
// (ui/src/lib/i18n/en.ts), placeholders split out. One found in a French window is a text that
// did not come from the French catalogue.

import { readFileSync } from 'node:fs';
import path from 'node:path';

import { ROOT } from './harness.mjs';

/** Runs that are the same in every language, each with why. Keep it short: anything else an
 * English run finds is a missing translation. */
const SAME_IN_EVERY_LANGUAGE = new Set([
  // Product names (the AdGuard recipe's title).
  'AdGuard Home / AdGuard DNS',
  // Menu paths of English-only router interfaces (pfSense, AdGuard Home), which the Dutch
  // recipes quote after the Dutch imperative "open", spelt like the English one.
  'open Services → DNS Resolver → General Settings.',
  'open Filters → Custom filtering rules.',
]);

/** The window's own texts: en.ts is one object literal of string literals (`as const`). */
function windowTexts() {
  const source = readFileSync(path.join(ROOT, 'ui/src/lib/i18n/en.ts'), 'utf8');
  const start = source.indexOf('{', source.indexOf('export const en ='));
  const end = source.lastIndexOf('} as const;');
  if (start < 0 || end < start) throw new Error('en.ts is no longer `export const en = {…} as const;`');
  return Object.values(new Function(`return (${source.slice(start, end + 1)});`)());
}

/** Every string in the core catalogue (its `language` tag aside). */
function catalogueTexts() {
  const { language: _, ...catalogue } = JSON.parse(readFileSync(path.join(ROOT, 'crates/core/catalogue/en.json'), 'utf8'));
  const out = [];
  const walk = (v) => {
    if (typeof v === 'string') out.push(v);
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(catalogue);
  return out;
}

const normalise = (text) => text.replace(/\s+/g, ' ').trim();
/** A word has a letter: "17.0", "–" and "/" are not words ("Odoo 17.0 – saas-18.2" is two). */
const words = (run) => run.split(' ').filter((w) => /\p{L}/u.test(w)).length;

/** The literal runs between placeholders, cut into sentences, of four words or more. */
export function sentencesOf(text) {
  return text
    .split(/\{[^}]*\}/)
    .flatMap((run) => normalise(run).split(/(?<=[.!?:;])\s+/))
    .map((s) => s.trim())
    .filter((s) => words(s) >= 4);
}

let cached;
export function englishSentences() {
  cached ??= [...new Set([...catalogueTexts(), ...windowTexts()].flatMap(sentencesOf))].filter(
    (s) => !SAME_IN_EVERY_LANGUAGE.has(s),
  );
  return cached;
}

/** The English catalogue sentences found in `visible` (a window's innerText). */
export function englishIn(visible) {
  const text = normalise(visible);
  return englishSentences().filter((s) => text.includes(s));
}
