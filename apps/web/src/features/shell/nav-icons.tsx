import type { ReactNode } from 'react';

function Icon({ children }: { children: ReactNode }) {
  return (
    <svg
      viewBox="0 0 16 16"
      aria-hidden="true"
      className="size-4 shrink-0"
      fill="none"
      stroke="currentColor"
      strokeWidth="1.4"
      strokeLinecap="round"
      strokeLinejoin="round"
    >
      {children}
    </svg>
  );
}

/** 16px line icons for the navigation, drawn to one stroke weight. */
export const NAV_ICONS = {
  overview: (
    <Icon>
      <rect x="2" y="2" width="5" height="5" rx="1" />
      <rect x="9" y="2" width="5" height="5" rx="1" />
      <rect x="2" y="9" width="5" height="5" rx="1" />
      <rect x="9" y="9" width="5" height="5" rx="1" />
    </Icon>
  ),
  nodes: (
    <Icon>
      <rect x="2" y="2.5" width="12" height="4" rx="1" />
      <rect x="2" y="9.5" width="12" height="4" rx="1" />
      <path d="M4.5 4.5h.01M4.5 11.5h.01" />
    </Icon>
  ),
  evictions: (
    <Icon>
      <path d="M9.5 2.5h-6a1 1 0 0 0-1 1v9a1 1 0 0 0 1 1h6" />
      <path d="M7 8h7M11.5 5.5 14 8l-2.5 2.5" />
    </Icon>
  ),
  workloads: (
    <Icon>
      <rect x="2" y="2.5" width="12" height="3" rx="1" />
      <rect x="2" y="6.5" width="12" height="3" rx="1" />
      <rect x="2" y="10.5" width="12" height="3" rx="1" />
    </Icon>
  ),
  leases: (
    <Icon>
      <circle cx="8" cy="8.5" r="5.5" />
      <path d="M8 5.5v3l2 1.5M6.5 1.5h3" />
    </Icon>
  ),
  autoscaler: (
    <Icon>
      <path d="M2.5 13.5h11M4 11V8M8 11V5M12 11V3" />
    </Icon>
  ),
  tenants: (
    <Icon>
      <circle cx="6" cy="5.5" r="2.5" />
      <path d="M1.5 13.5a4.5 4.5 0 0 1 9 0M11 3.2a2.5 2.5 0 0 1 0 4.6M12.5 9.6a4.5 4.5 0 0 1 2 3.9" />
    </Icon>
  ),
  quotaRequests: (
    <Icon>
      <rect x="3" y="2" width="10" height="12" rx="1" />
      <path d="M5.5 5.5h5M5.5 8h5M5.5 10.5h3" />
    </Icon>
  ),
  quotas: (
    <Icon>
      <path d="M2.5 13.5h11" />
      <rect x="3.5" y="7" width="2.5" height="6.5" rx="0.5" />
      <rect x="7" y="4" width="2.5" height="9.5" rx="0.5" />
      <path d="M11 2.5v11M10 2.5h2" />
    </Icon>
  ),
  machines: (
    <Icon>
      <rect x="2.5" y="4" width="11" height="8" rx="1" />
      <path d="M5 12v2M11 12v2M5 2v2M11 2v2M5.5 7h5M5.5 9h3" />
    </Icon>
  ),
  embedLinks: (
    <Icon>
      <path d="M6.5 9.5a2.5 2.5 0 0 0 3.5 0l2.5-2.5a2.5 2.5 0 0 0-3.5-3.5l-.75.75" />
      <path d="M9.5 6.5a2.5 2.5 0 0 0-3.5 0L3.5 9a2.5 2.5 0 0 0 3.5 3.5l.75-.75" />
    </Icon>
  ),
} satisfies Record<string, ReactNode>;
