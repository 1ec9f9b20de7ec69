import { lazy, type ComponentType, type LazyExoticComponent } from 'react';
import type { MessageKey } from '../i18n';
import type { Permission } from '../api/me';
import { InboxScreen } from '../screens/tasks/InboxScreen';

export interface RouteProps {
  office: string;
  params: Record<string, string>;
}

export interface Route {
  pattern: string;
  screen: ComponentType<RouteProps> | LazyExoticComponent<ComponentType<RouteProps>>;
  /** In the main navigation, with this label. */
  nav?: MessageKey;
  /** Navigation group: everyday work or administration. */
  group?: 'work' | 'admin';
  permission?: Permission;
}

// My tasks is in the main bundle (it is the first screen); the rest load on first use.
const ContentList = lazy(() => import('../screens/content/ContentListScreen'));
const ContentEditor = lazy(() => import('../screens/content/ContentEditorScreen'));
const RunTimeline = lazy(() => import('../screens/runs/RunTimelineScreen'));
const SopLibrary = lazy(() => import('../screens/sop/SopLibraryScreen'));
const SopDetail = lazy(() => import('../screens/sop/SopDetailScreen'));
const Reports = lazy(() => import('../screens/reports/ReportsScreen'));
const Users = lazy(() => import('../screens/admin/UsersScreen'));
const RoleBindings = lazy(() => import('../screens/admin/RoleBindingsScreen'));
const Delegations = lazy(() => import('../screens/admin/DelegationsScreen'));
const Calendar = lazy(() => import('../screens/admin/CalendarScreen'));
const ApiKeys = lazy(() => import('../screens/admin/ApiKeysScreen'));
const Webhooks = lazy(() => import('../screens/admin/WebhooksScreen'));
const Audit = lazy(() => import('../screens/admin/AuditScreen'));

/** Paths under `/:office`, first match wins. */
export const routes: Route[] = [
  { pattern: '/tugas', screen: InboxScreen, nav: 'nav.tasks', group: 'work', permission: 'runs:read' },
  { pattern: '/konten', screen: ContentList, nav: 'nav.content', group: 'work', permission: 'content:read' },
  { pattern: '/konten/baru', screen: ContentEditor, permission: 'content:write' },
  { pattern: '/konten/:itemId', screen: ContentEditor, permission: 'content:read' },
  { pattern: '/proses/:workflowId', screen: RunTimeline, permission: 'runs:read' },
  { pattern: '/sop', screen: SopLibrary, nav: 'nav.sop', group: 'work', permission: 'office:read' },
  { pattern: '/sop/:key', screen: SopDetail, permission: 'office:read' },
  { pattern: '/laporan', screen: Reports, nav: 'nav.reports', group: 'work', permission: 'reports:read' },
  { pattern: '/admin/pengguna', screen: Users, nav: 'nav.users', group: 'admin', permission: 'office:admin' },
  {
    pattern: '/admin/peran',
    screen: RoleBindings,
    nav: 'nav.roleBindings',
    group: 'admin',
    permission: 'office:admin',
  },
  {
    pattern: '/admin/delegasi',
    screen: Delegations,
    nav: 'nav.delegations',
    group: 'admin',
    permission: 'office:admin',
  },
  {
    pattern: '/admin/kalender',
    screen: Calendar,
    nav: 'nav.calendar',
    group: 'admin',
    permission: 'office:admin',
  },
  {
    pattern: '/admin/kunci-api',
    screen: ApiKeys,
    nav: 'nav.apiKeys',
    group: 'admin',
    permission: 'office:admin',
  },
  {
    pattern: '/admin/webhook',
    screen: Webhooks,
    nav: 'nav.webhooks',
    group: 'admin',
    permission: 'office:admin',
  },
  { pattern: '/admin/audit', screen: Audit, nav: 'nav.audit', group: 'admin', permission: 'audit:read' },
];
