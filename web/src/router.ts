// Screens load lazily (one chunk each); `roles` drives both the menu and the route guard.
import { createRouter, createWebHistory, type RouteRecordRaw } from 'vue-router';
import { auth, hasRole } from './api';
import { detectService, type ServiceKind } from './service';

// `service`: the screen belongs to the platform, the signing service, or both (absent).
export interface MenuEntry { path: string; label: string; roles: string[]; service?: ServiceKind }

const P = 'platform', S = 'signing';
export const menu: MenuEntry[] = [
  { path: '/', label: 'nav.dashboard', roles: [] },
  { path: '/applications/new', label: 'nav.newApplication', roles: ['operator'], service: P },
  { path: '/review', label: 'nav.review', roles: ['reviewer', 'operator', 'auditor', 'admin'], service: P },
  { path: '/seals', label: 'nav.seals', roles: [], service: P },
  { path: '/sign', label: 'nav.sign', roles: ['signer'], service: S },
  { path: '/batch', label: 'nav.batch', roles: ['signer'], service: S },
  { path: '/seal-admin', label: 'nav.sealAdmin', roles: ['sealadmin'], service: S },
  { path: '/grants', label: 'nav.grants', roles: ['sealadmin', 'signer', 'auditor'], service: S },
  { path: '/approvals', label: 'nav.approvals', roles: ['sealadmin'], service: S },
  { path: '/verify', label: 'nav.verify', roles: [], service: S },
  { path: '/users', label: 'nav.users', roles: ['admin'] },
  { path: '/audit', label: 'nav.audit', roles: ['auditor'] },
  { path: '/preview', label: 'nav.preview', roles: [], service: P },
  { path: '/downloads', label: 'nav.downloads', roles: [], service: P },
];

const routes: RouteRecordRaw[] = [
  { path: '/login', component: () => import('./views/LoginView.vue'), meta: { public: true } },
  { path: '/', component: () => import('./views/HomeView.vue') },
  { path: '/applications/new', component: () => import('./views/NewApplicationView.vue'), meta: { roles: ['operator'] } },
  { path: '/review', component: () => import('./views/ReviewView.vue'), meta: { roles: ['reviewer', 'operator', 'auditor', 'admin'] } },
  { path: '/review/:id', component: () => import('./views/ReviewView.vue'), meta: { roles: ['reviewer', 'operator', 'auditor', 'admin'] } },
  { path: '/seals', component: () => import('./views/SealsView.vue') },
  { path: '/seals/:code', component: () => import('./views/SealView.vue') },
  { path: '/users', component: () => import('./views/UsersView.vue'), meta: { roles: ['admin'] } },
  { path: '/audit', component: () => import('./views/AuditView.vue'), meta: { roles: ['auditor'] } },
  { path: '/preview', component: () => import('./views/PdfPreviewView.vue') },
  { path: '/downloads', component: () => import('./views/DownloadsView.vue') },
  { path: '/sign', component: () => import('./signing/SignView.vue'), meta: { roles: ['signer'] } },
  { path: '/batch', component: () => import('./signing/BatchView.vue'), meta: { roles: ['signer'] } },
  { path: '/seal-admin', component: () => import('./signing/SealAdminView.vue'), meta: { roles: ['sealadmin'] } },
  { path: '/grants', component: () => import('./signing/GrantsView.vue'), meta: { roles: ['sealadmin', 'signer', 'auditor'] } },
  { path: '/approvals', component: () => import('./signing/ApprovalsView.vue'), meta: { roles: ['sealadmin'] } },
  { path: '/verify', component: () => import('./signing/VerifyView.vue'), meta: { public: true } },
  { path: '/:rest(.*)*', component: () => import('./views/NotFoundView.vue') },
];

export const router = createRouter({ history: createWebHistory(), routes });

router.beforeEach(async (to) => {
  await detectService();
  if (to.meta.public) return true;
  if (!auth.session) return { path: '/login', query: { next: to.fullPath } };
  const roles = (to.meta.roles as string[] | undefined) ?? [];
  if (roles.length && !hasRole(...roles)) return { path: '/', query: { denied: to.path } };
  return true;
});
