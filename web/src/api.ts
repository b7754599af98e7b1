// The /api/v1 client: JSON in and out, the session's bearer token, errors as ApiError with the
// API's {code, message, field}.
import { reactive } from 'vue';

export class ApiError extends Error {
  constructor(public status: number, public code: string, message: string, public field: string | null) {
    super(message);
  }
}

export interface Session { token: string; username: string; roles: string[]; expiresAt: string }

function loadSession(): Session | null {
  try {
    const s = JSON.parse(sessionStorage.getItem('gmseal.session') ?? 'null') as Session | null;
    return s && new Date(s.expiresAt).getTime() > Date.now() ? s : null;
  } catch {
    return null;
  }
}

export const auth = reactive<{ session: Session | null }>({ session: loadSession() });

export function hasRole(...roles: string[]): boolean {
  return !!auth.session && roles.some((r) => auth.session!.roles.includes(r));
}

export async function api<T = any>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (auth.session) headers.Authorization = `Bearer ${auth.session.token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) {
    if (res.status === 401 && auth.session && path !== '/session') {
      auth.session = null;
      sessionStorage.removeItem('gmseal.session');
    }
    throw new ApiError(res.status, json?.code ?? 'http', json?.message ?? `${res.status} ${res.statusText}`, json?.field ?? null);
  }
  return json as T;
}

export async function login(username: string, password: string) {
  const s = await api<Session>('POST', '/session', { username, password });
  auth.session = s;
  sessionStorage.setItem('gmseal.session', JSON.stringify(s));
}

export async function logout() {
  try {
    await api('POST', '/session/logout');
  } finally {
    auth.session = null;
    sessionStorage.removeItem('gmseal.session');
  }
}
