import { parseFrontMatter } from './front-matter';

describe('parseFrontMatter', () => {
  it('splits attributes and body', () => {
    const result = parseFrontMatter(
      '---\nsubject: "Hi {{customer.first_name}}"\npreheader: Soon\nlayout: none\nrequires: [order]\n---\n<p>Body</p>\n',
    );
    expect(result).toEqual({
      ok: true,
      attributes: { subject: 'Hi {{customer.first_name}}', preheader: 'Soon', layout: 'none', requires: ['order'] },
      body: '<p>Body</p>\n',
    });
  });

  it('accepts CRLF line endings and a BOM', () => {
    const result = parseFrontMatter('\uFEFF---\r\nsubject: A\r\npreheader: B\r\n---\r\nbody');
    expect(result).toMatchObject({ ok: true, body: 'body' });
  });

  it.each([
    ['<p>no front matter</p>', /missing YAML front matter/],
    ['---\nsubject: A\n---\nx', /preheader/],
    ['---\nsubject: A\npreheader: B\nsubjet: typo\n---\nx', /subjet/],
    ['---\nsubject: "[{{t "x"}}] A"\npreheader: B\n---\nx', /not valid YAML/],
  ])('explains what is wrong with %j', (content, message) => {
    const result = parseFrontMatter(content);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.message).toMatch(message);
  });
});
