import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { prepare } from '../api/fixtures.js';
import { startHarness, type Harness } from '../api/support.js';
import { markdownText } from '../../src/reports/markdown.js';
import { buildReport } from '../../src/reports/model.js';
import { renderReport } from '../../src/reports/render.js';

/**
 * Issue 12, item 8: user text can never make Markdown structure in the Markdown report (headings, setext underlines,
 * lists, links and autolinks, HTML, tables, code, footnotes); the HTML report escapes it as before. One escaping
 * function (src/reports/markdown.ts), held to its contract over nasty strings.
 */

/** What a Markdown reader makes of escaped text: a backslash before ASCII punctuation is that character. */
const unescape = (s: string) => s.replace(/\\([!-/:-@[-`{-~])/g, '$1');
/** Characters that mean something to Markdown or GitHub's Markdown inline, wherever they are. */
const INLINE = '\\`*_{}[]<>#|~$&@';
/** The position of every character that no backslash escapes (a run of backslashes escapes pairwise). */
function unescapedAt(s: string): number[] {
  const at: number[] = [];
  for (let i = 0; i < s.length; i++) {
    if (s[i] === '\\') {
      i += 1; // the backslash and what it escapes
      continue;
    }
    at.push(i);
  }
  return at;
}

const nasty = fc.oneof(
  fc.string(),
  fc.string({ unit: fc.constantFrom(...'#=-+*_`[]()<>!|~$&@:/.\\ \n\r\t1.)w'.split(''), '\u2028', 'www.', 'http://') }),
  fc.constantFrom(
    'Title\n=====',
    'Title\n---',
    '# heading',
    '   ## indented heading',
    '+ bullet',
    '- bullet',
    '1. first',
    '2) second',
    '> quote',
    '    indented code',
    '```\nfenced\n```',
    '| a | b |\n|---|---|\n| 1 | 2 |',
    '<https://evil.example>',
    'https://evil.example/x',
    'see www.evil.example now',
    'mail me@evil.example',
    '[click](javascript:alert(1))',
    '![img](x)',
    '[^1]',
    '<b>bold</b> &lt;script&gt;',
    '$x^2$',
    '~~gone~~',
    '**strong** _em_',
    'ends with a backslash \\',
    'two spaces  \nhard break',
    '***',
  ),
);

describe('markdownText', () => {
  it('makes one line that reads as the text, with every Markdown-significant character escaped', () => {
    fc.assert(
      fc.property(nasty, (text) => {
        const out = markdownText(text);
        expect(out).not.toMatch(/[\n\r\v\f\u0085\u2028\u2029]/);
        // The reader sees the text as written, its line breaks as spaces.
        expect(unescape(out)).toBe(text.replace(/\s*[\n\r\v\f\u0085\u2028\u2029]\s*/g, ' ').trim());
        for (const i of unescapedAt(out)) {
          const c = out[i] as string;
          expect(INLINE.includes(c), `unescaped ${JSON.stringify(c)} at ${i} in ${JSON.stringify(out)}`).toBe(false);
        }
        // Nothing that starts a block at the start of a line, nor an autolink GitHub would make by itself.
        expect(out).not.toMatch(/^(?:[-+=]|\d+[.)]|\s)/);
        expect(out).not.toMatch(/(?<!\\):\/\/|\bwww\.(?!\\)/i);
      }),
      { seed: 12, numRuns: 1000 },
    );
  });
});

describe('the published Markdown report', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness();
    await prepare(h, 'md');
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('shows a lesson built to forge a heading, a bullet and a link as the lesson’s text', async () => {
    const forged =
      'Nothing to see\n\nForged heading\n=====\n\n+ forged bullet\n\n<https://evil.example> https://evil.example <b>x</b>';
    expect((await h.call('POST', '/api/journeys/md-j/lessons', { body: { learned: forged } })).status).toBe(201);
    const files = renderReport(await buildReport(h.store, '2026-Q4', (await h.store.tree.treeHead()).treeSize));
    const md = (files.find((f) => f.name.endsWith('.md')) as { body: string }).body;
    const html = (files.find((f) => f.name.endsWith('.html')) as { body: string }).body;
    expect(md).toContain(
      'Nothing to see Forged heading ===== + forged bullet \\<https\\://evil.example\\> https\\://evil.example \\<b\\>x\\</b\\>',
    );
    const lines = md.split('\n');
    expect(lines.filter((l) => /^=+\s*$/.test(l))).toEqual([]);
    expect(lines.filter((l) => /^\+ /.test(l))).toEqual([]);
    expect(lines.filter((l) => l.startsWith('Forged heading'))).toEqual([]);
    expect(md).not.toMatch(/(?<!\\)<(?:https|b>)|(?<!\\):\/\/evil/);
    expect(html).not.toContain('<b>x</b>');
    expect(html).toContain('&lt;b&gt;x&lt;/b&gt;');
  });
});
