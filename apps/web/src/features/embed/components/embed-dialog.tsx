'use client';

import {
  EMBED_DEFAULT_TTL_HOURS,
  EMBED_PANELS,
  EMBED_PANEL_TITLES,
  TENANT_EMBED_PANELS,
  type CreateEmbedLinkBody,
  type EmbedLink,
  type EmbedPanel,
  type Role,
} from '@plimsoll/shared/schemas';
import { useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';

import { Button } from '@/components/button';
import { ApiError } from '@/lib/api-client';
import { cn } from '@/lib/cn';

import type { EmbedTheme } from '../embed-theme';
import { embedUrl, iframeSnippet } from '../embed-snippet';
import { useCreateEmbedLink } from '../queries';
import { AllowedOrigins } from './allowed-origins';
import { formatDateTime } from '@/lib/format';

/** Lifetimes offered, in hours. */
const EXPIRIES: ReadonlyArray<[number, string]> = [
  [24, '1 day'],
  [24 * 7, '7 days'],
  [EMBED_DEFAULT_TTL_HOURS, '30 days'],
  [24 * 90, '90 days'],
  [24 * 365, '1 year'],
];

/** Props for {@link EmbedDialog}. */
export interface EmbedDialogProps {
  open: boolean;
  onClose: () => void;
  cluster: string;
  /** The caller's role: tenant admins may only embed their tenants' quota usage and evictions. */
  role: Role;
  /** The caller's tenants (tenant admins), offered for tenant panels. */
  tenants?: readonly string[];
  /** A fixed panel (an "Embed" button on a view); omitted: the user picks one. */
  panel?: EmbedPanel;
  /** The panel's filters, e.g. `{ node: 'ip-10-0-1-2' }` or `{ tenant: 'acme', rangeHours: 24 }`. */
  params?: Record<string, string | number | undefined>;
  defaultLabel?: string;
}

const input =
  'h-8 w-full rounded-md border border-line-strong bg-surface px-2 text-[13px] text-fg placeholder:text-fg-subtle focus:outline-2 focus:outline-accent';

/** A labelled control; `children` gets the id to put on the control (the label points at it). */
function Field({
  label,
  children,
  hint,
}: {
  label: string;
  children: (id: string) => ReactNode;
  hint?: string;
}) {
  const id = useId();
  return (
    <div className="grid gap-1">
      <label htmlFor={id} className="text-xs font-medium text-fg-muted">
        {label}
      </label>
      {children(id)}
      {hint && <p className="text-[11px] text-fg-subtle">{hint}</p>}
    </div>
  );
}

/**
 * Creates an embed link for one panel (filters, label, expiry) and shows the `<iframe>` snippet to paste into
 * Grafana, Backstage or a wiki. Exported for the other views' "Embed" buttons (see {@link EmbedButton}).
 */
export function EmbedDialog({
  open,
  onClose,
  cluster,
  role,
  tenants = [],
  panel: fixedPanel,
  params = {},
  defaultLabel = '',
}: EmbedDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const allowed = role === 'sre' ? EMBED_PANELS : TENANT_EMBED_PANELS;
  const [panel, setPanel] = useState<EmbedPanel>(fixedPanel ?? allowed[0] ?? 'tenant-quotas');
  const [fields, setFields] = useState<Record<string, string>>({});
  const [label, setLabel] = useState(defaultLabel);
  const [expires, setExpires] = useState(EMBED_DEFAULT_TTL_HOURS);
  const [theme, setTheme] = useState<EmbedTheme>('auto');
  const [height, setHeight] = useState(360);
  const [created, setCreated] = useState<EmbedLink | null>(null);
  const [copied, setCopied] = useState(false);
  const create = useCreateEmbedLink();
  const snippetRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (open && !d.open) {
      setCreated(null);
      setCopied(false);
      create.reset();
      setPanel(fixedPanel ?? allowed[0] ?? 'tenant-quotas');
      setFields(
        Object.fromEntries(
          Object.entries(params)
            .filter(([, v]) => v !== undefined)
            .map(([k, v]) => [k, String(v)]),
        ),
      );
      setLabel(defaultLabel);
      d.showModal();
    } else if (!open && d.open) d.close();
    // Reset the form only when the dialog opens, not when the caller re-renders with new props.
  }, [open]);

  const set = (k: string) => (e: { target: { value: string } }) =>
    setFields((f) => ({ ...f, [k]: e.target.value }));
  const tenantDefault = role === 'tenant-admin' && tenants.length === 1 ? tenants[0] : undefined;

  function body(): CreateEmbedLinkBody {
    const common = { cluster, label: label.trim(), expiresInHours: expires };
    const opt = (k: string) => (fields[k]?.trim() ? fields[k]?.trim() : undefined);
    switch (panel) {
      case 'node-pressure':
        return { ...common, panel, params: { node: opt('node') ?? '' } };
      case 'tenant-quotas':
        return { ...common, panel, params: { tenant: opt('tenant') ?? tenantDefault ?? '' } };
      case 'eviction-timeline': {
        const tenant = opt('tenant') ?? tenantDefault;
        return {
          ...common,
          panel,
          params: {
            ...(opt('node') ? { node: opt('node') } : {}),
            ...(opt('namespace') ? { namespace: opt('namespace') } : {}),
            ...(tenant ? { tenant } : {}),
            ...(opt('resource') ? { resource: opt('resource') } : {}),
            rangeHours: Number(fields.rangeHours ?? 24) || 24,
            groupBy: (fields.groupBy as 'node') || 'node',
          },
        };
      }
      default:
        return { ...common, panel, params: {} };
    }
  }

  function submit(e: FormEvent) {
    e.preventDefault();
    create.mutate(body(), { onSuccess: (link) => setCreated(link) });
  }

  const origin = typeof window === 'undefined' ? '' : window.location.origin;
  const url = created?.embedPath ? embedUrl(origin, created.embedPath, theme) : '';
  const snippet = created
    ? iframeSnippet({ url, title: created.label || EMBED_PANEL_TITLES[created.panel], height })
    : '';
  const error = create.error instanceof ApiError ? create.error : null;

  async function copy() {
    try {
      await navigator.clipboard.writeText(snippet);
      setCopied(true);
    } catch {
      // Clipboard refused (permissions): the text is selected for a manual copy.
      snippetRef.current?.select();
    }
  }

  return (
    <dialog
      ref={ref}
      onClose={onClose}
      aria-labelledby="embed-dialog-title"
      className="m-auto w-[min(36rem,calc(100vw-2rem))] rounded-lg border border-line bg-surface p-0 text-fg shadow-xl backdrop:bg-black/40"
    >
      <header className="flex items-center justify-between border-b border-line px-4 py-2.5">
        <h2 id="embed-dialog-title" className="text-[13px] font-semibold">
          Embed {fixedPanel ? EMBED_PANEL_TITLES[fixedPanel].toLowerCase() : 'a panel'}
        </h2>
        <Button variant="ghost" size="sm" onClick={onClose} aria-label="Close">
          ✕
        </Button>
      </header>

      {!created ? (
        <form onSubmit={submit} className="grid gap-3 px-4 py-3">
          {!fixedPanel && (
            <Field label="Panel">
              {(id) => (
                <>
                  <select
                    id={id}
                    className={input}
                    value={panel}
                    onChange={(e) => setPanel(e.target.value as EmbedPanel)}
                  >
                    {allowed.map((p) => (
                      <option key={p} value={p}>
                        {EMBED_PANEL_TITLES[p]}
                      </option>
                    ))}
                  </select>
                </>
              )}
            </Field>
          )}
          {panel === 'node-pressure' && (
            <Field label="Node">
              {(id) => (
                <>
                  <input
                    id={id}
                    className={input}
                    required
                    value={fields.node ?? ''}
                    onChange={set('node')}
                    placeholder="ip-10-0-12-34.eu-west-1.compute.internal"
                  />
                </>
              )}
            </Field>
          )}
          {(panel === 'tenant-quotas' || panel === 'eviction-timeline') && (
            <Field
              label="Tenant"
              hint={
                panel === 'eviction-timeline'
                  ? 'Restricts the link to this tenant’s namespaces.'
                  : undefined
              }
            >
              {(id) => (
                <>
                  {role === 'tenant-admin' ? (
                    <select
                      id={id}
                      className={input}
                      value={fields.tenant ?? tenantDefault ?? ''}
                      onChange={set('tenant')}
                    >
                      {tenants.map((t) => (
                        <option key={t}>{t}</option>
                      ))}
                    </select>
                  ) : (
                    <input
                      id={id}
                      className={input}
                      required={panel === 'tenant-quotas'}
                      value={fields.tenant ?? ''}
                      onChange={set('tenant')}
                      placeholder={panel === 'tenant-quotas' ? 'acme' : 'any (whole cluster)'}
                    />
                  )}
                </>
              )}
            </Field>
          )}
          {panel === 'eviction-timeline' && (
            <div className="grid grid-cols-2 gap-3">
              <Field label="Node (optional)">
                {(id) => (
                  <>
                    <input
                      id={id}
                      className={input}
                      value={fields.node ?? ''}
                      onChange={set('node')}
                    />
                  </>
                )}
              </Field>
              <Field label="Namespace (optional)">
                {(id) => (
                  <>
                    <input
                      id={id}
                      className={input}
                      value={fields.namespace ?? ''}
                      onChange={set('namespace')}
                    />
                  </>
                )}
              </Field>
              <Field label="Resource (optional)">
                {(id) => (
                  <>
                    <select
                      id={id}
                      className={input}
                      value={fields.resource ?? ''}
                      onChange={set('resource')}
                    >
                      <option value="">any</option>
                      <option>memory</option>
                      <option>ephemeral-storage</option>
                      <option>pids</option>
                      <option>inodes</option>
                    </select>
                  </>
                )}
              </Field>
              <Field label="Range">
                {(id) => (
                  <>
                    <select
                      id={id}
                      className={input}
                      value={fields.rangeHours ?? '24'}
                      onChange={set('rangeHours')}
                    >
                      <option value="1">last hour</option>
                      <option value="6">last 6 hours</option>
                      <option value="24">last 24 hours</option>
                      <option value="168">last 7 days</option>
                      <option value="744">last 31 days</option>
                    </select>
                  </>
                )}
              </Field>
            </div>
          )}
          <div className="grid grid-cols-[1fr_10rem] gap-3">
            <Field label="Label (optional)">
              {(id) => (
                <>
                  <input
                    id={id}
                    className={input}
                    value={label}
                    maxLength={200}
                    onChange={(e) => setLabel(e.target.value)}
                    placeholder="Grafana on-call board"
                  />
                </>
              )}
            </Field>
            <Field label="Expires after">
              {(id) => (
                <>
                  <select
                    id={id}
                    className={input}
                    value={expires}
                    onChange={(e) => setExpires(Number(e.target.value))}
                  >
                    {EXPIRIES.map(([h, l]) => (
                      <option key={h} value={h}>
                        {l}
                      </option>
                    ))}
                  </select>
                </>
              )}
            </Field>
          </div>
          <p className="text-[11px] text-fg-subtle">
            Anyone with the link sees this panel of cluster{' '}
            <span className="font-mono">{cluster}</span> — and nothing else — until it expires or
            you revoke it under Embed links.
          </p>
          {error && (
            <p role="alert" className="text-xs text-danger">
              {error.message}
            </p>
          )}
          <div className="flex justify-end gap-2">
            <Button onClick={onClose}>Cancel</Button>
            <Button type="submit" variant="primary" loading={create.isPending}>
              Create link
            </Button>
          </div>
        </form>
      ) : (
        <div className="grid gap-3 px-4 py-3">
          <div className="grid grid-cols-2 gap-3">
            <Field label="Theme">
              {(id) => (
                <>
                  <select
                    id={id}
                    className={input}
                    value={theme}
                    onChange={(e) => setTheme(e.target.value as EmbedTheme)}
                  >
                    <option value="auto">auto (viewer’s system)</option>
                    <option value="light">light</option>
                    <option value="dark">dark</option>
                  </select>
                </>
              )}
            </Field>
            <Field label="Height (px)">
              {(id) => (
                <>
                  <input
                    id={id}
                    className={input}
                    type="number"
                    min={120}
                    max={2000}
                    step={20}
                    value={height}
                    onChange={(e) => setHeight(Number(e.target.value) || 360)}
                  />
                </>
              )}
            </Field>
          </div>
          <Field label="Paste into the other site (HTML)">
            {(id) => (
              <>
                <textarea
                  id={id}
                  ref={snippetRef}

                  readOnly
                  rows={4}
                  value={snippet}
                  onFocus={(e) => e.currentTarget.select()}
                  className={cn(input, 'h-auto py-1.5 font-mono text-[11px] leading-snug')}
                />
              </>
            )}
          </Field>
          <AllowedOrigins className="text-[11px] text-fg-subtle" />
          <p className="text-[11px] text-fg-subtle">Expires {formatDateTime(created.expiresAt)}.</p>
          <div className="flex justify-end gap-2">
            <a
              href={url}
              target="_blank"
              rel="noopener noreferrer"
              className="inline-flex h-8 items-center px-2 text-[13px] text-accent hover:underline"
            >
              Preview
            </a>
            <Button onClick={() => void copy()}>{copied ? 'Copied' : 'Copy snippet'}</Button>
            <Button variant="primary" onClick={onClose}>
              Done
            </Button>
          </div>
        </div>
      )}
    </dialog>
  );
}

/** An "Embed" button for a view's header: opens {@link EmbedDialog} for that view's panel and filters. */
export function EmbedButton(
  props: Omit<EmbedDialogProps, 'open' | 'onClose'> & { className?: string },
) {
  const [open, setOpen] = useState(false);
  if (props.role === 'viewer') return null;
  if (props.role === 'tenant-admin' && props.panel && !TENANT_EMBED_PANELS.includes(props.panel))
    return null;
  return (
    <>
      <Button size="sm" className={props.className} onClick={() => setOpen(true)}>
        Embed
      </Button>
      <EmbedDialog {...props} open={open} onClose={() => setOpen(false)} />
    </>
  );
}
