// The admin API from the page: same-origin fetch with the session cookie, the session's CSRF token
// on every state-changing request, and back to the sign-in page when the session is gone.
/* global URLSearchParams, fetch, window */

let csrfToken = '';

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.status = status;
    this.code = code;
  }
}

/** Who is signed in; keeps the CSRF token for later requests. */
export async function loadSession() {
  const session = await request('GET', '/dashboard/session');
  csrfToken = session.csrfToken;
  return session;
}

export const get = (path, query) => request('GET', withQuery(path, query));
export const post = (path, body) => request('POST', path, body);

export async function logout() {
  await request('POST', '/dashboard/logout');
  window.location.assign('/dashboard/login');
}

function withQuery(path, query) {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query))
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function request(method, path, body) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') {
    headers['X-CSRF-Token'] = csrfToken;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(path, {
    method,
    headers,
    credentials: 'same-origin',
    cache: 'no-store',
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (response.status === 401) {
    window.location.assign('/dashboard/login');
    throw new ApiError(401, 'SESSION_INVALID', 'Signed out');
  }
  if (response.status === 204) return null;
  const text = await response.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!response.ok) {
    const error = json?.error ?? {};
    throw new ApiError(
      response.status,
      error.code ?? `HTTP_${response.status}`,
      error.message ?? `${method} ${path}: HTTP ${response.status}`,
    );
  }
  return json;
}
