// Talking to the server: every call carries the bearer token; errors become one message.
// The token lives in this tab's sessionStorage (or localStorage when the user asked to be
// remembered), never in a URL the server sees.
const KEY = "ipas-token";

export const session = {
  token: sessionStorage.getItem(KEY) || localStorage.getItem(KEY) || "",
  me: null,
};

export function setToken(token, remember) {
  session.token = token.trim();
  sessionStorage.setItem(KEY, session.token);
  if (remember) localStorage.setItem(KEY, session.token);
  else localStorage.removeItem(KEY);
}

export function authHeaders(accept) {
  const h = { Accept: accept || "application/json" };
  if (session.token) h.Authorization = "Bearer " + session.token;
  return h;
}

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

// GET (or POST with `body`) a JSON answer; problem+json and our error shape both give a message.
export async function call(url, options = {}) {
  const init = { ...options, headers: { ...authHeaders(options.accept), ...(options.headers || {}) } };
  const response = await fetch(url, init);
  const text = await response.text();
  let data = null;
  try { data = text ? JSON.parse(text) : null; } catch (e) { data = text; }
  if (!response.ok) {
    const message = (data && (data.detail || data.message || data.title)) ||
      `${response.status} ${response.statusText}`;
    throw new ApiError(response.status, typeof message === "string" ? message : JSON.stringify(message));
  }
  return data;
}

export const get = (path, params) =>
  call(params ? `${path}?${new URLSearchParams(params)}` : path);
