import type { ReactNode } from 'react';
import Breadcrumb from 'antd/es/breadcrumb';
import Typography from 'antd/es/typography';
import { generatePath, Link, useMatches, useParams } from 'react-router';
import { useTranslation } from 'react-i18next';
import { useConsoleFlow } from '../lib/console-flow';
import { canOpen, consolePages, type ConsolePage, type TitleContext } from './route-table';
import { useSession } from './session';

/** The console page the router matched (its route-table entry). */
export function useCurrentPage(): ConsolePage | undefined {
  const matches = useMatches();
  for (let i = matches.length - 1; i >= 0; i--) {
    const handle = matches[i]!.handle as { page?: ConsolePage } | undefined;
    if (handle?.page) return handle.page;
  }
  return undefined;
}

/**
 * Every console page opens the same way: the breadcrumb (from the route table), then the page's
 * title as its one level-1 heading, then the page's own actions on the right.
 */
export function PageHeader({ title, extra }: { title?: ReactNode; extra?: ReactNode }) {
  const { t } = useTranslation();
  const { tf } = useConsoleFlow();
  const params = useParams();
  const { operator } = useSession();
  const current = useCurrentPage();
  const ctx = { t, tf, params, operator };
  const crumbs = current ? breadcrumbOf(current, ctx) : [];
  return (
    <div style={{ marginBottom: 16 }}>
      {crumbs.length > 0 ? (
        <Breadcrumb
          aria-label={t('nav.breadcrumb')}
          style={{ marginBottom: 8 }}
          items={crumbs.map((c) => ({
            title: c.href ? <Link to={c.href}>{c.title}</Link> : c.title,
          }))}
        />
      ) : null}
      <div
        style={{
          display: 'flex',
          flexWrap: 'wrap',
          gap: 12,
          alignItems: 'center',
          justifyContent: 'space-between',
        }}
      >
        <Typography.Title level={1} style={{ fontSize: 22, margin: 0 }}>
          {title ?? current?.title(ctx)}
        </Typography.Title>
        {extra}
      </div>
    </div>
  );
}

// Breadcrumbs are built here, in the pages' chunk, not in the route table the first paint loads.
const pageByPath = new Map(consolePages.map((p) => [p.path, p]));

export interface Crumb {
  title: string;
  /** Absent for the current page, a group, or a page this operator cannot open. */
  href?: string;
}

/**
 * The breadcrumb of a page: its navigation group, then its ancestors and itself. Ancestors the
 * operator cannot open are left out (and with them their group), so a member never sees a
 * breadcrumb that leads nowhere for them.
 */
export function breadcrumbOf(current: ConsolePage, ctx: TitleContext): Crumb[] {
  const chain: ConsolePage[] = [];
  for (
    let p: ConsolePage | undefined = current;
    p;
    p = p.parent ? pageByPath.get(p.parent) : undefined
  ) {
    if (p !== current && !canOpen(p, ctx.operator)) break;
    chain.unshift(p);
  }
  const top = chain[0]!;
  const crumbs: Crumb[] = top.nav ? [{ title: ctx.t(`nav.groups.${top.nav.group}`) }] : [];
  for (const p of chain) {
    crumbs.push({
      title: p.title(ctx),
      ...(p === current
        ? {}
        : { href: p.href ? p.href(ctx.params) : generatePath(p.path, ctx.params) }),
    });
  }
  return crumbs;
}
