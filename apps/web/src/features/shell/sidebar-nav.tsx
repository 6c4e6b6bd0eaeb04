'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

import { cn } from '@/lib/cn';

import { useCurrentCluster } from '../live/use-current-cluster';
import { useUnseenDecisions } from '../quota-requests/queries';
import { NAV_SECTIONS, isNavItemActive } from './nav-items';

/**
 * The main navigation. The current page carries `aria-current="page"`; Quota requests counts the decisions the
 * user has not seen yet.
 */
export function SidebarNav() {
  const pathname = usePathname();
  const unseen = useUnseenDecisions(useCurrentCluster().cluster).length;
  return (
    <nav aria-label="Main" className="flex flex-col gap-4 p-2">
      {NAV_SECTIONS.map((section) => (
        <div key={section.title}>
          <h2 className="mb-1 px-2 text-[11px] font-medium tracking-wide text-fg-subtle uppercase max-md:sr-only">
            {section.title}
          </h2>
          <ul className="space-y-px">
            {section.items.map((item) => {
              const active = isNavItemActive(item.href, pathname);
              const badge = item.href === '/quota-requests' && unseen > 0;
              return (
                <li key={item.href}>
                  <Link
                    href={item.href}
                    aria-current={active ? 'page' : undefined}
                    title={`${item.label} (g then ${item.shortcut})`}
                    className={cn(
                      'group relative flex h-8 items-center gap-2.5 rounded-md px-2 text-[13px]',
                      active
                        ? 'bg-accent-soft font-medium text-fg'
                        : 'text-fg-muted hover:bg-surface-hover hover:text-fg',
                    )}
                  >
                    <span
                      className={
                        active ? 'text-accent' : 'text-fg-subtle group-hover:text-fg-muted'
                      }
                    >
                      {item.icon}
                    </span>
                    <span className="whitespace-nowrap max-md:sr-only">{item.label}</span>
                    {badge && (
                      <span
                        className="ml-auto rounded-full bg-accent px-1.5 text-[10px] leading-4 font-semibold text-white max-md:absolute max-md:top-0 max-md:right-0"
                        aria-label={`${unseen} new decision${unseen === 1 ? '' : 's'}`}
                        data-testid="unseen-decisions"
                      >
                        {unseen}
                      </span>
                    )}
                    <kbd
                      hidden={badge}
                      aria-hidden="true"
                      className="ml-auto hidden font-mono text-[10px] text-fg-subtle opacity-0 transition-opacity group-hover:opacity-100 group-focus-visible:opacity-100 md:inline"
                    >
                      g {item.shortcut}
                    </kbd>
                  </Link>
                </li>
              );
            })}
          </ul>
        </div>
      ))}
    </nav>
  );
}
