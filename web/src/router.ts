// Screens load lazily (one chunk each); `roles` drives both the menu and the route guard.
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { auth, hasRole } from './api';

export interface MenuEntry { path: string; label: string; roles: string[] }

export const menu: MenuEntry[] = [
  { path: '/', label: 'nav.dashboard', roles: [] },
  { path: '/applications/new', label: 'nav.newApplication', roles: ['operator'] },
  { path: '/review', label: 'nav.review', roles: ['reviewer', 'operator', 'auditor', 'admin'] },
  { path: '/seals', label: 'nav.seals', roles: [] },
  { path: '/users', label: 'nav.users', roles: ['admin'] },
  { path: '/audit', label: 'nav.audit', roles: ['auditor'] },
  { path: '/preview', label: 'nav.preview', roles: [] },
  { path: '/downloads', label: 'nav.downloads', roles: [] },
];

const routes: RouteRecordRaw[] = [
  { path: '/login', component: () => import('./views/LoginView.vue'), meta: { public: true } },
  { path: '/', component: () => import('./views/DashboardView.vue') },
  { path: '/applications/new', component: () => import('./views/NewApplicationView.vue'), meta: { roles: ['operator'] } },
  { path: '/review', component: () => import('./views/ReviewView.vue'), meta: { roles: ['reviewer', 'operator', 'auditor', 'admin'] } },
  { path: '/review/:id', component: () => import('./views/ReviewView.vue'), meta: { roles: ['reviewer', 'operator', 'auditor', 'admin'] } },
  { path: '/seals', component: () => import('./views/SealsView.vue') },
  { path: '/seals/:code', component: () => import('./views/SealView.vue') },
  { path: '/users', component: () => import('./views/UsersView.vue'), meta: { roles: ['admin'] } },
  { path: '/audit', component: () => import('./views/AuditView.vue'), meta: { roles: ['auditor'] } },
  { path: '/preview', component: () => import('./views/PdfPreviewView.vue') },
  { path: '/downloads', component: () => import('./views/DownloadsView.vue') },
  { path: '/:rest(.*)*', component: () => import('./views/NotFoundView.vue') },
];

export const router = createRouter({ history: createWebHistory(), routes });

router.beforeEach((to) => {
  if (to.meta.public) return true;
  if (!auth.session) return { path: '/login', query: { next: to.fullPath } };
  const roles = (to.meta.roles as string[] | undefined) ?? [];
  if (roles.length && !hasRole(...roles)) return { path: '/', query: { denied: to.path } };
  return true;
});
