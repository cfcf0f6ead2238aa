import { element, elementWithMarkup, text } from '../../src/report/svg';

describe('svg helpers', () => {
  it('element escapes its text content as well as its attributes', () => {
    expect(element('title', { 'aria-label': 'a "b" <c>' }, `<iframe src="x"></iframe> & 'y'`)).toBe(
      '<title aria-label="a &quot;b&quot; &lt;c&gt;">&lt;iframe src=&quot;x&quot;&gt;&lt;/iframe&gt; &amp; &#39;y&#39;</title>',
    );
  });

  it('element without content is empty, and elementWithMarkup nests markup built by the helpers as it is', () => {
    const child = element('title', {}, '<b>');
    expect(element('rect', { width: 1.26 })).toBe('<rect width="1.3"/>');
    expect(elementWithMarkup('rect', { width: 2 }, child)).toBe('<rect width="2"><title>&lt;b&gt;</title></rect>');
  });

  it('text escapes once, never twice', () => {
    expect(text(0, 10, 'R&D <unit>')).toContain('>R&amp;D &lt;unit&gt;</text>');
  });
});
