import { SURVEY_SCORE_RANGES, SurveyKind } from '@postventa/contracts';
import { escapeHtml } from '@postventa/engagement';

/** The languages the link pages speak; anything else falls back to English. */
export type PageLocale = 'es' | 'en' | 'pt';

export function pageLocale(locale: string | undefined, acceptLanguage?: string): PageLocale {
  for (const candidate of [locale, ...(acceptLanguage ?? '').split(',').map((part) => part.split(';')[0])]) {
    const language = candidate?.trim().slice(0, 2).toLowerCase();
    if (language === 'es' || language === 'en' || language === 'pt') return language;
  }
  return 'en';
}

const TEXT = {
  es: {
    thanksTitle: '¡Gracias por tu respuesta!',
    confirmTitle: 'Confirma tu respuesta',
    confirmQuestion: (max: number) => `Tu puntuación (de ${max}):`,
    confirmButton: 'Enviar respuesta',
    confirmCurrent: (score: number) => `Ya tenemos tu respuesta (${score}); puedes cambiarla aquí.`,
    yourScore: (score: number, max: number) => `Tu respuesta: ${score} de ${max}.`,
    commentLabel: '¿Quieres contarnos por qué? (opcional)',
    commentButton: 'Enviar comentario',
    commentThanks: 'Gracias, hemos recibido tu comentario.',
    finalNote: 'Ya habíamos registrado tu respuesta.',
    unsubscribeTitle: '¿Darte de baja?',
    unsubscribeText: (brand: string) =>
      `Dejarás de recibir correos de marketing y encuestas de ${brand}. Seguirás recibiendo los correos sobre tus pedidos.`,
    unsubscribeButton: 'Darme de baja',
    unsubscribedTitle: 'Te has dado de baja',
    unsubscribedText: (brand: string) => `No volverás a recibir correos de marketing ni encuestas de ${brand}.`,
    errorTitle: 'Este enlace no es válido',
    expiredTitle: 'Este enlace ha caducado',
    errorText: 'Puede que el enlace esté incompleto. Prueba a abrirlo de nuevo desde el correo.',
    failedTitle: 'Algo ha fallado',
    failedText: 'No hemos podido guardar tu respuesta. Inténtalo de nuevo en unos minutos.',
  },
  en: {
    thanksTitle: 'Thank you for your answer!',
    confirmTitle: 'Confirm your answer',
    confirmQuestion: (max: number) => `Your score (out of ${max}):`,
    confirmButton: 'Send answer',
    confirmCurrent: (score: number) => `We have your answer (${score}); you can change it here.`,
    yourScore: (score: number, max: number) => `Your answer: ${score} out of ${max}.`,
    commentLabel: 'Would you like to tell us why? (optional)',
    commentButton: 'Send comment',
    commentThanks: 'Thank you, we have your comment.',
    finalNote: 'We had already recorded your answer.',
    unsubscribeTitle: 'Unsubscribe?',
    unsubscribeText: (brand: string) =>
      `You will stop receiving marketing email and surveys from ${brand}. You will still get emails about your orders.`,
    unsubscribeButton: 'Unsubscribe',
    unsubscribedTitle: 'You are unsubscribed',
    unsubscribedText: (brand: string) => `You will not receive marketing email or surveys from ${brand} again.`,
    errorTitle: 'This link is not valid',
    expiredTitle: 'This link has expired',
    errorText: 'The link may be incomplete. Try opening it again from the email.',
    failedTitle: 'Something went wrong',
    failedText: 'We could not save your answer. Please try again in a few minutes.',
  },
  pt: {
    thanksTitle: 'Obrigado pela sua resposta!',
    confirmTitle: 'Confirme a sua resposta',
    confirmQuestion: (max: number) => `Sua nota (de ${max}):`,
    confirmButton: 'Enviar resposta',
    confirmCurrent: (score: number) => `Já temos a sua resposta (${score}); você pode alterá-la aqui.`,
    yourScore: (score: number, max: number) => `Sua resposta: ${score} de ${max}.`,
    commentLabel: 'Quer nos contar por quê? (opcional)',
    commentButton: 'Enviar comentário',
    commentThanks: 'Obrigado, recebemos o seu comentário.',
    finalNote: 'Já tínhamos registrado a sua resposta.',
    unsubscribeTitle: 'Cancelar a inscrição?',
    unsubscribeText: (brand: string) =>
      `Você deixará de receber e-mails de marketing e pesquisas de ${brand}. Continuará recebendo os e-mails sobre os seus pedidos.`,
    unsubscribeButton: 'Cancelar inscrição',
    unsubscribedTitle: 'Inscrição cancelada',
    unsubscribedText: (brand: string) => `Você não receberá mais e-mails de marketing nem pesquisas de ${brand}.`,
    errorTitle: 'Este link não é válido',
    expiredTitle: 'Este link expirou',
    errorText: 'O link pode estar incompleto. Tente abri-lo novamente a partir do e-mail.',
    failedTitle: 'Algo deu errado',
    failedText: 'Não conseguimos salvar a sua resposta. Tente novamente em alguns minutos.',
  },
} satisfies Record<PageLocale, Record<string, unknown>>;

function page(locale: PageLocale, brand: string, title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${escapeHtml(title)} · ${escapeHtml(brand)}</title>
<style>
  body { margin: 0; background: #f4f5f7; font-family: Arial, Helvetica, sans-serif; color: #1f2937; }
  main { max-width: 520px; margin: 48px auto; background: #fff; border-radius: 8px; padding: 32px; }
  h1 { font-size: 22px; margin: 0 0 16px; }
  textarea { width: 100%; box-sizing: border-box; min-height: 120px; font: inherit; padding: 8px; }
  button { margin-top: 12px; background: #0f766e; color: #fff; border: 0; border-radius: 6px; padding: 10px 18px; font: inherit; cursor: pointer; }
  .brand { color: #6b7280; font-size: 13px; margin-top: 24px; }
  fieldset { border: 0; padding: 0; margin: 0 0 16px; display: flex; flex-wrap: wrap; gap: 6px; }
  .score { display: inline-flex; align-items: center; gap: 2px; border: 1px solid #d1d5db; border-radius: 6px; padding: 6px 8px; }
</style>
</head>
<body>
<main>
<h1>${escapeHtml(title)}</h1>
${body}
<p class="brand">${escapeHtml(brand)}</p>
</main>
</body>
</html>
`;
}

export interface SurveyForm {
  locale: PageLocale;
  brand: string;
  kind: SurveyKind;
  /** The score of the link that was opened: selected in the form. */
  score: number;
  /** The same link URL: the form posts `score` and `comment` there, which confirms the answer. */
  action: string;
  /** The answer already confirmed, if any. */
  current?: number | null;
  comment?: string | null;
}

/**
 * The page a score link opens: the survey with that score selected and a button that confirms
 * it. Only the POST of this form (or the settle window) makes the answer count; a link scanner's
 * GET does not.
 */
export function surveyFormPage(p: SurveyForm): string {
  const t = TEXT[p.locale];
  const { min, max } = SURVEY_SCORE_RANGES[p.kind];
  const scores = Array.from({ length: max - min + 1 }, (_, i) => min + i)
    .map(
      (n) =>
        `<label class="score"><input type="radio" name="score" value="${n}"${n === p.score ? ' checked' : ''}> ${n}</label>`,
    )
    .join('\n');
  const current =
    p.current === undefined || p.current === null ? '' : `<p>${escapeHtml(t.confirmCurrent(p.current))}</p>\n`;
  return page(
    p.locale,
    p.brand,
    t.confirmTitle,
    `${current}<form method="post" action="${escapeHtml(p.action)}">
<fieldset>
<legend>${escapeHtml(t.confirmQuestion(max))}</legend>
${scores}
</fieldset>
<label for="comment">${escapeHtml(t.commentLabel)}</label>
<textarea id="comment" name="comment" maxlength="5000">${escapeHtml(p.comment ?? '')}</textarea>
<button type="submit">${escapeHtml(t.confirmButton)}</button>
</form>`,
  );
}

export interface SurveyThanks {
  locale: PageLocale;
  brand: string;
  kind: SurveyKind;
  score: number;
  /** The form posts the comment here. */
  action: string;
  comment?: string | null;
  commented?: boolean;
  /** The answer could no longer change (outside the change window). */
  final?: boolean;
}

export function surveyThanksPage(p: SurveyThanks): string {
  const t = TEXT[p.locale];
  const max = SURVEY_SCORE_RANGES[p.kind].max;
  const note = p.final ? `<p>${escapeHtml(t.finalNote)}</p>` : '';
  const form = p.commented
    ? `<p>${escapeHtml(t.commentThanks)}</p>`
    : `<form method="post" action="${escapeHtml(p.action)}">
<label for="comment">${escapeHtml(t.commentLabel)}</label>
<textarea id="comment" name="comment" maxlength="5000">${escapeHtml(p.comment ?? '')}</textarea>
<button type="submit">${escapeHtml(t.commentButton)}</button>
</form>`;
  return page(p.locale, p.brand, t.thanksTitle, `<p>${escapeHtml(t.yourScore(p.score, max))}</p>\n${note}\n${form}`);
}

export function unsubscribeConfirmPage(locale: PageLocale, brand: string, action: string): string {
  const t = TEXT[locale];
  return page(
    locale,
    brand,
    t.unsubscribeTitle,
    `<p>${escapeHtml(t.unsubscribeText(brand))}</p>
<form method="post" action="${escapeHtml(action)}">
<input type="hidden" name="List-Unsubscribe" value="One-Click">
<button type="submit">${escapeHtml(t.unsubscribeButton)}</button>
</form>`,
  );
}

export function unsubscribedPage(locale: PageLocale, brand: string): string {
  const t = TEXT[locale];
  return page(locale, brand, t.unsubscribedTitle, `<p>${escapeHtml(t.unsubscribedText(brand))}</p>`);
}

export function errorPage(locale: PageLocale, brand: string, kind: 'invalid' | 'expired' | 'failed'): string {
  const t = TEXT[locale];
  const title = kind === 'expired' ? t.expiredTitle : kind === 'failed' ? t.failedTitle : t.errorTitle;
  return page(locale, brand, title, `<p>${escapeHtml(kind === 'failed' ? t.failedText : t.errorText)}</p>`);
}
