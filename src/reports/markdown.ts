/**
 * User text in the Markdown report is text, never structure (docs/decisions.md, "User text in Markdown"). It is
 * made one line (line breaks become spaces: no heading, setext underline, list, table row, quote or code block can
 * start), then every character Markdown or GitHub's Markdown gives a meaning inline is backslash-escaped (emphasis,
 * code, links and footnotes, HTML and entities, tables, strikethrough, maths), as are what would begin a block at the
 * start of a line (a list number's `.` or `)`, `+`, `-`, `=`) and what GitHub turns into links by itself (`://`,
 * `www.`, `@`). A backslash before ASCII punctuation is literal in CommonMark, so the reader sees the text as written.
 */
const LINE_BREAK = /\s*[\n\r\v\f\u0085\u2028\u2029]\s*/g;
const INLINE = /[\\`*_{}[\]<>#|~$&@]/g;

export function markdownText(text: string): string {
  const line = text.replace(LINE_BREAK, ' ').trim();
  return line
    .replace(INLINE, '\\$&')
    .replace(/:\/\//g, '\\://')
    .replace(/\b(www)\./gi, '$1\\.')
    .replace(/^(\d+)([.)])/, '$1\\$2')
    .replace(/^[-+=]/, '\\$&');
}
