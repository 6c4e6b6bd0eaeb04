import type { Route } from 'next';
import type { ReactNode } from 'react';

import { NAV_ICONS } from './nav-icons';

/** One destination in the sidebar. */
export interface NavItem {
  href: Route;
  label: string;
  /** The letter after `g` that jumps here (`g n` → Nodes). */
  shortcut: string;
  icon: ReactNode;
}

/** A titled group of destinations. */
export interface NavSection {
  title: string;
  items: readonly NavItem[];
}

/** The sidebar, top to bottom. Cluster health first, then what tenants see and ask for. */
export const NAV_SECTIONS: readonly NavSection[] = [
  {
    title: 'Cluster',
    items: [
      { href: '/', label: 'Overview', shortcut: 'o', icon: NAV_ICONS.overview },
      { href: '/nodes', label: 'Nodes', shortcut: 'n', icon: NAV_ICONS.nodes },
      { href: '/evictions', label: 'Evictions', shortcut: 'e', icon: NAV_ICONS.evictions },
      { href: '/workloads', label: 'Workloads', shortcut: 'w', icon: NAV_ICONS.workloads },
      { href: '/leases', label: 'Leases', shortcut: 'l', icon: NAV_ICONS.leases },
      { href: '/autoscaler', label: 'Autoscaler', shortcut: 'a', icon: NAV_ICONS.autoscaler },
      { href: '/machines', label: 'Machines', shortcut: 'm', icon: NAV_ICONS.machines },
    ],
  },
  {
    title: 'Tenancy',
    items: [
      { href: '/tenants', label: 'Tenants', shortcut: 't', icon: NAV_ICONS.tenants },
      {
        href: '/quota-requests',
        label: 'Quota requests',
        shortcut: 'q',
        icon: NAV_ICONS.quotaRequests,
      },
      { href: '/quotas', label: 'Quotas', shortcut: 'u', icon: NAV_ICONS.quotas },
    ],
  },
  {
    title: 'Sharing',
    items: [
      { href: '/embed-links', label: 'Embed links', shortcut: 'k', icon: NAV_ICONS.embedLinks },
    ],
  },
];

/** Every destination, flattened. */
export const NAV_ITEMS: readonly NavItem[] = NAV_SECTIONS.flatMap((section) => section.items);

/** Whether `href` is the current page (or a page under it, such as a node's detail page). */
export function isNavItemActive(href: string, pathname: string): boolean {
  if (href === '/') return pathname === '/';
  return pathname === href || pathname.startsWith(`${href}/`);
}
