import { relative } from 'node:path';
import type { Plugin, Rolldown } from 'vite';

/**
 * The chunks a first visit to a page renders, by page, written to dist/route-preloads.json. The
 * API names them in `Link: rel=modulepreload` on that page's index.html (plugins/external/
 * static.ts), so the browser fetches the shell and the page with the entry instead of after the
 * entry has run (app/router.tsx's preloadRoute starts them then: on loopback that is ~0.3 s
 * later, and the AccessKey page's Lighthouse score waited on it, issue 12).
 *
 * Keep in step with app/router.tsx and app/route-table.tsx: a page missing here only loses the
 * head start. `*` is every other console page (the shell alone).
 */
// antd's App (message and modal hooks): app/providers.tsx imports it beside the first requests.
const BOOT = 'antd/es/app';
const SHELL = 'src/app/console-layout.tsx';
export const FIRST_SCREENS: Record<string, string[]> = {
  '/sign-in': [BOOT, 'src/app/routes/sign-in.tsx'],
  '/users': [BOOT, SHELL, 'src/app/routes/users.tsx'],
  '/users/:userName': [BOOT, SHELL, 'src/app/routes/user.tsx'],
  '/account/access-keys': [BOOT, SHELL, 'src/app/routes/account-access-keys.tsx'],
  '*': [BOOT, SHELL],
};

export function routePreloads(): Plugin {
  let root = '';
  return {
    name: 'ram-console-route-preloads',
    apply: 'build',
    configResolved(config) {
      root = config.root;
    },
    generateBundle(_options, bundle: Rolldown.OutputBundle) {
      const chunks = Object.values(bundle).filter(
        (c): c is Rolldown.OutputChunk => c.type === 'chunk',
      );
      // The chunk that holds a module (a page's own chunk, or the shared chunk a module shared by
      // several importers lands in): by source path under the app, or by package path.
      const normal = (id: string) => id.split('\\').join('/');
      const chunkOf = (m: string) =>
        chunks.find((c) =>
          c.moduleIds.some((id) =>
            m.startsWith('src/')
              ? normal(relative(root, id)) === m
              : normal(id).endsWith(`/node_modules/${m}/index.js`),
          ),
        );
      const byFile = new Map(chunks.map((c) => [c.fileName, c]));
      // What the entry already loads (index.html names it; its static imports come with it).
      const loaded = new Set<string>();
      const walk = (file: string, into: Set<string>) => {
        if (into.has(file)) return;
        into.add(file);
        for (const next of byFile.get(file)?.imports ?? []) walk(next, into);
      };
      for (const c of chunks) if (c.isEntry) walk(c.fileName, loaded);

      const out: Record<string, string[]> = {};
      for (const [page, modules] of Object.entries(FIRST_SCREENS)) {
        const files = new Set<string>();
        for (const m of modules) {
          const chunk = chunkOf(m);
          if (!chunk) this.error(`route-preloads: no chunk for ${m} (renamed? see FIRST_SCREENS)`);
          walk(chunk.fileName, files);
        }
        out[page] = [...files].filter((f) => !loaded.has(f)).map((f) => `/${f}`);
      }
      this.emitFile({
        type: 'asset',
        fileName: 'route-preloads.json',
        source: `${JSON.stringify(out, null, 2)}\n`,
      });
    },
  };
}
