import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = resolve(import.meta.dirname, '..');

/** The README and every Markdown page under docs/: what a reader clicks through. */
const pages = [
  'README.md',
  ...readdirSync(join(root, 'docs'), { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.md'))
    .map((f) => join('docs', f)),
];

/** Local targets of Markdown links and images: `[..](path)` and `![..](path)`. */
function localTargets(markdown: string): string[] {
  const targets: string[] = [];
  for (const m of markdown.matchAll(/!?\[[^\]]*\]\(([^)\s]+)\)/g)) {
    const target = m[1]!.split('#')[0]!;
    if (target && !/^[a-z]+:/i.test(target)) targets.push(decodeURIComponent(target));
  }
  return targets;
}

describe('documentation links', () => {
  it.each(pages)('every local link and image in %s exists', (page) => {
    const text = readFileSync(join(root, page), 'utf8');
    const missing = localTargets(text).filter((t) => !existsSync(resolve(root, dirname(page), t)));
    expect(missing).toEqual([]);
  });

  it('the README shows screenshots of the flows', () => {
    const images = localTargets(readFileSync(join(root, 'README.md'), 'utf8')).filter((t) =>
      t.endsWith('.png'),
    );
    expect(images.length).toBeGreaterThanOrEqual(6);
  });
});
