/** How nodemailer encodes an email's text parts and encoded-word headers. */
export type TextEncoding = 'quoted-printable' | 'base64';

/**
 * nodemailer's own rule (quoted-printable when Latin letters outnumber 8-bit and control
 * characters, base64 otherwise), decided once per email over its texts. Left to nodemailer, the
 * rule runs per part and per header with two global regular-expression matches that build an
 * array entry per letter: a third of the CPU of handing a 5 KB email to SMTP.
 */
export function preferredTextEncoding(...texts: readonly string[]): TextEncoding {
  let latin = 0;
  let other = 0;
  for (const text of texts) {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if ((c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a)) latin++;
      else if (c >= 0x80 || c <= 0x08 || c === 0x0b || c === 0x0c || (c >= 0x0e && c <= 0x1f)) other++;
    }
  }
  return other < latin ? 'quoted-printable' : 'base64';
}
