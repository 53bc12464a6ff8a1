// A tiny reader for the project's Fluent files (locales/<lang>/*.ftl), enough for the tests to look
// up the UI's own strings by message id instead of hard-coding them. It understands what these
// files use: `id = value` lines, indented continuation lines, comments, `.attr` lines (ignored),
// string literals such as {" "} and variables { $arg }, and selectors on a variable
// (`{ $count -> [one] … *[other] … }`: an exact key, else the plural category, else the default).
// No terms.

import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export function parseFtl(source) {
  const messages = new Map();
  let current = null;
  for (const raw of source.split(/\r?\n/)) {
    if (/^\s*#/.test(raw) || raw.trim() === '') {
      if (raw.trim() === '' || /^#/.test(raw)) current = raw.trim() === '' ? current : null;
      continue;
    }
    const m = /^([A-Za-z][A-Za-z0-9_-]*)\s*=\s?(.*)$/.exec(raw);
    if (m) {
      current = m[1];
      messages.set(current, m[2].trim());
      continue;
    }
    if (/^\s+\./.test(raw)) { current = null; continue; } // attribute: not needed
    // A selector's closing brace may stand at the start of its line.
    if (current && (/^\s+/.test(raw) || /^\}\s*$/.test(raw))) {
      const prev = messages.get(current);
      messages.set(current, prev === '' ? raw.trim() : `${prev}\n${raw.trim()}`);
    }
  }
  return messages;
}

/** Chooses the variant of each `{ $arg -> … }` selector (as written in these files: one per line). */
function selectVariants(pattern, args, lang) {
  return pattern.replace(/\{\s*\$([A-Za-z][A-Za-z0-9_-]*)\s*->\s*\n([\s\S]*?)\n\s*\}/g, (whole, name, body) => {
    if (!(name in args)) throw new Error(`missing argument $${name} for pattern "${pattern}"`);
    const value = String(args[name]);
    const variants = body.split('\n').map(l => /^(\*)?\[([^\]]+)\]\s?(.*)$/.exec(l.trim())).filter(Boolean)
      .map(([, star, key, text]) => ({ isDefault: !!star, key: key.trim(), text }));
    const number = Number(value);
    const category = Number.isFinite(number) ? new Intl.PluralRules(lang).select(number) : null;
    const chosen = variants.find(v => v.key === value) ?? variants.find(v => v.key === category) ?? variants.find(v => v.isDefault);
    if (!chosen) throw new Error(`no variant for $${name} = ${value} in "${pattern}"`);
    return chosen.text;
  });
}

/** Formats a message pattern: selectors, string literals and `{ $arg }` variables. */
export function formatPattern(pattern, args = {}, lang = 'en-US') {
  return selectVariants(pattern, args, lang).replace(/\{\s*(?:"((?:[^"\\]|\\.)*)"|\$([A-Za-z][A-Za-z0-9_-]*))\s*\}/g, (whole, literal, name) => {
    if (literal !== undefined) return literal.replace(/\\u([0-9a-fA-F]{4})/g, (_, h) => String.fromCharCode(parseInt(h, 16))).replace(/\\(.)/g, '$1');
    if (name in args) return String(args[name]);
    throw new Error(`missing argument $${name} for pattern "${pattern}"`);
  });
}

/** Loads every .ftl file of one language and returns a translate function t(id, args). */
export function loadLocale(localesDir, lang) {
  const dir = join(localesDir, lang);
  const messages = new Map();
  for (const f of readdirSync(dir).filter(f => f.endsWith('.ftl')).sort()) {
    for (const [k, v] of parseFtl(readFileSync(join(dir, f), 'utf8'))) messages.set(k, v);
  }
  const t = (id, args) => {
    if (!messages.has(id)) throw new Error(`message "${id}" is not in ${dir}/*.ftl`);
    return formatPattern(messages.get(id), args, lang);
  };
  t.has = id => messages.has(id);
  t.lang = lang;
  t.messages = messages;
  return t;
}
