// The /api/v1 client: JSON in and out, the session's bearer token, errors as ApiError with the
// API's {code, message, field, rule}. The message is the server's English detail; errors.ts
// chooses the sentence shown by code.
import { reactive } from 'vue';

export class ApiError extends Error {
  constructor(public status: number, public code: string, message: string, public field: string | null, public rule: string | null = null) {
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

function authHeaders(extra?: Record<string, string>): Record<string, string> {
  const headers: Record<string, string> = { ...extra };
  if (auth.session) headers.Authorization = `Bearer ${auth.session.token}`;
  return headers;
}

async function failure(res: Response, path: string): Promise<ApiError> {
  const text = await res.text();
  let json: any = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (res.status === 401 && auth.session && path !== '/session') {
    auth.session = null;
    sessionStorage.removeItem('gmseal.session');
  }
  return new ApiError(res.status, json?.code ?? 'http', json?.message ?? `${res.status} ${res.statusText}`, json?.field ?? null, json?.rule ?? null);
}

export async function api<T = any>(method: string, path: string, body?: unknown, extra?: Record<string, string>): Promise<T> {
  const headers = authHeaders(extra);
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  if (!res.ok) throw await failure(res, path);
  const text = await res.text();
  try {
    return (text ? JSON.parse(text) : null) as T;
  } catch {
    return null as T;
  }
}

// Binary in or out (documents, packages, zips): the Response itself once it is 2xx.
export async function apiRaw(method: string, path: string, body?: BodyInit, extra?: Record<string, string>): Promise<Response> {
  const res = await fetch(`/api/v1${path}`, { method, headers: authHeaders(extra), body });
  if (!res.ok) throw await failure(res, path);
  return res;
}

export function saveBlob(blob: Blob, name: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function toBase64(bytes: Uint8Array): string {
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}
export function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  return Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
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
