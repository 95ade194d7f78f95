import { compile } from 'html-to-text';

const convert = compile({
  wordwrap: 78,
  selectors: [
    { selector: '.pv-preheader', format: 'skip' },
    { selector: '.pv-text-skip', format: 'skip' },
    { selector: 'img', format: 'skip' },
    { selector: 'style', format: 'skip' },
    { selector: 'table.pv-data', format: 'dataTable', options: { uppercaseHeaderCells: false } },
    { selector: 'td.pv-scale-cell', format: 'block', options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    { selector: 'a', options: { hideLinkHrefIfSameAsText: true, linkBrackets: ['<', '>'] } },
    { selector: 'h1', options: { uppercase: false } },
    { selector: 'h2', options: { uppercase: false } },
    { selector: 'h3', options: { uppercase: false } },
  ],
});

/**
 * The text part of an email from its HTML: links kept as `label <url>`, data tables as columns,
 * each survey score on its own line, the hidden preheader and images left out. Elements with class `pv-text-skip` are skipped too.
 */
export function htmlToPlainText(html: string): string {
  return convert(html)
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}
