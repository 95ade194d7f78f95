import MimeNode from 'nodemailer/lib/mime-node';
import { preferredTextEncoding } from './text-encoding';

/** What nodemailer itself would choose for a text part with this content. */
function nodemailerChoice(text: string): 'quoted-printable' | 'base64' {
  const node = new MimeNode('text/html');
  node.setContent(text);
  return (node as unknown as { _getTextEncoding(v: string): 'Q' | 'B' })._getTextEncoding(text) === 'Q'
    ? 'quoted-printable'
    : 'base64';
}

describe('preferredTextEncoding', () => {
  it.each([
    ['plain English', 'Your order is on its way.'],
    ['Spanish with accents', 'Hola, tu pedido está en camino. Aquí tienes la guía de uso.'],
    ['Japanese', 'ご注文の商品を発送しました。使い方ガイドはこちらです。'],
    ['Japanese with a Latin link', 'ご注文 https://shop.example/o/1'],
    ['Greek', 'Η παραγγελία σας είναι καθ οδόν'],
    ['control characters', '\u0001\u0002\u0003ab'],
    ['empty', ''],
    ['emoji and words', '🎉🎉🎉 Thanks!'],
  ])('chooses what nodemailer would for %s', (_label, text) => {
    expect(preferredTextEncoding(text)).toBe(nodemailerChoice(text));
  });

  it('decides over all the texts of an email together', () => {
    expect(preferredTextEncoding('ご注文の商品を発送しました', 'Order shipped, thank you very much')).toBe(
      'quoted-printable',
    );
    expect(preferredTextEncoding('ご注文の商品を発送しました', 'ok')).toBe('base64');
  });
});
