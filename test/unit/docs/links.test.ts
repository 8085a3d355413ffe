/**
 * The project's own documentation holds together: every relative link in README.md and docs/*.md names a file
 * of the repository (and, with `#anchor`, a heading of that Markdown file, slugged as GitHub slugs it).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(__dirname, '../../..');
const documents = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).map((f) => `docs/${f}`)];

/** Markdown links `[text](target)` outside code spans and fenced blocks. */
function links(markdown: string): string[] {
  const prose = markdown.replace(/^```[\s\S]*?^```/gm, '').replace(/`[^`\n]*`(?!\])/g, '');
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
}

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to hyphens. */
function anchors(markdown: string): Set<string> {
  const out = new Set<string>();
  for (const m of markdown.replace(/^```[\s\S]*?^```/gm, '').matchAll(/^#{1,6}\s+(.*)$/gm)) {
    out.add(m[1]!.trim().toLowerCase().replace(/[^\p{L}\p{N}\s_-]/gu, '').replace(/\s/g, '-'));
  }
  return out;
}

describe('documentation links', () => {
  it('covers README.md and docs/', () => expect(documents).toEqual(expect.arrayContaining(['README.md', 'docs/machine.md', 'docs/stats.md', 'docs/examples.md'])));

  for (const doc of documents) {
    it(`${doc}: every relative link resolves inside the repository`, () => {
      const text = readFileSync(join(root, doc), 'utf8');
      const broken: string[] = [];
      for (const link of links(text)) {
        if (/^[a-z][a-z0-9+.-]*:/i.test(link)) continue; // https:, mailto: …
        const [path = '', anchor] = link.split('#');
        const target = path === '' ? join(root, doc) : resolve(dirname(join(root, doc)), path);
        if (relative(root, target).startsWith('..') || !existsSync(target)) {
          broken.push(`${link}: no such file in the repository`);
          continue;
        }
        if (anchor !== undefined && statSync(target).isFile() && target.endsWith('.md') && !anchors(readFileSync(target, 'utf8')).has(anchor)) {
          broken.push(`${link}: no heading #${anchor}`);
        }
      }
      expect(broken).toEqual([]);
    });
  }
});
