'use client';

import Link from 'next/link';
import { usePathname } from 'next/navigation';

import { cn } from '@/lib/cn';

import { NAV_SECTIONS, isNavItemActive } from './nav-items';

/** The main navigation. The current page carries `aria-current="page"`. */
export function SidebarNav() {
  const pathname = usePathname();
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
              return (
                <li key={item.href}>
                  <Link
                    href={item.href}
                    aria-current={active ? 'page' : undefined}
                    title={`${item.label} (g then ${item.shortcut})`}
                    className={cn(
                      'group flex h-8 items-center gap-2.5 rounded-md px-2 text-[13px]',
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
                    <span className="max-md:sr-only">{item.label}</span>
                    <kbd
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
