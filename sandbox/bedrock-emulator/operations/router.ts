import type { Route } from "./types";

export interface RouteMatch {
  readonly route: Route;
  readonly params: Record<string, string>;
}

function matchPath(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split("/");
  const got = path.split("/");
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    const label = /^\{(\w+)\}$/.exec(want[i]);
    if (label) {
      if (got[i] === "") return undefined;
      try {
        params[label[1]] = decodeURIComponent(got[i]);
      } catch {
        return undefined;
      }
    } else if (want[i] !== got[i]) {
      return undefined;
    }
  }
  return params;
}

/**
 * Finds the operation for a method, path and signing service; a known path with another method, or signed for another
 * service than its route names, is no operation either.
 */
export function matchRoute(routes: readonly Route[], method: string, path: string, service?: string): RouteMatch | undefined {
  for (const route of routes) {
    if (route.method !== method) continue;
    if (route.service !== undefined && route.service !== service) continue;
    const params = matchPath(route.path, path);
    if (params) return { route, params };
  }
  return undefined;
}
