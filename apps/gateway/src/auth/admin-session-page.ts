import { escapeHtml } from '@postventa/engagement';

/**
 * The dashboard's Content-Security-Policy (login page and app): scripts, styles and requests from
 * the gateway only, no inline code, never framed.
 */
export const DASHBOARD_CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; " +
  "frame-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

/** Headers of every dashboard page (HTML): the CSP, never cached, no Referer, not indexed. */
export const DASHBOARD_PAGE_HEADERS: Readonly<Record<string, string>> = {
  'Content-Type': 'text/html; charset=utf-8',
  'Cache-Control': 'no-store',
  'Content-Security-Policy': DASHBOARD_CSP,
  'Referrer-Policy': 'no-referrer',
  'X-Robots-Tag': 'noindex, nofollow',
  'X-Frame-Options': 'DENY',
};

export interface LoginPageOptions {
  /** The login form's double-submit value. */
  formToken: string;
  error?: string;
  user?: string;
  disabled?: boolean;
}

/** The sign-in form: a name (recorded on alert changes) and an admin key. No script. */
export function renderLoginPage(options: LoginPageOptions): string {
  const error = options.error
    ? `<p class="login-error" role="alert" id="login-error">${escapeHtml(options.error)}</p>`
    : '';
  const describedBy = options.error ? ' aria-describedby="login-error"' : '';
  const form = options.disabled
    ? '<p class="login-error" role="alert">The dashboard is disabled: set ADMIN_API_KEYS.</p>'
    : `<form method="post" action="/dashboard/login" class="login-form"${describedBy}>
        <input type="hidden" name="form_token" value="${escapeHtml(options.formToken)}">
        <label for="login-user">Your name</label>
        <input id="login-user" name="user" type="text" autocomplete="username" required maxlength="100" value="${escapeHtml(options.user ?? '')}">
        <label for="login-key">Admin key</label>
        <input id="login-key" name="key" type="password" autocomplete="current-password" required maxlength="500">
        <button type="submit">Sign in</button>
      </form>`;
  return `<!doctype html>
<html lang="en">
<head>
  <meta charset="utf-8">
  <meta name="viewport" content="width=device-width, initial-scale=1">
  <title>Sign in · Postventa</title>
  <link rel="icon" href="data:,">
  <link rel="stylesheet" href="/dashboard/assets/dashboard.css">
</head>
<body class="login">
  <main class="login-card" aria-labelledby="login-title">
    <h1 id="login-title">Postventa</h1>
    <p class="muted">Sign in with an admin key to open the dashboard.</p>
    ${error}
    ${form}
  </main>
</body>
</html>
`;
}
