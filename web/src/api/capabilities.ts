/**
 * Which management operations this node serves, read from its public /openapi.json. The console grows with the
 * node: a screen whose operations the node does not serve yet says so instead of failing.
 */
export type Capabilities = { readonly operations: ReadonlySet<string> };

export async function loadCapabilities(baseUrl: string = window.location.origin): Promise<Capabilities> {
  const response = await fetch(`${baseUrl}/openapi.json`);
  if (!response.ok) return { operations: new Set() };
  const document = (await response.json()) as { paths?: Record<string, Record<string, unknown>> };
  const operations = new Set<string>();
  for (const [path, item] of Object.entries(document.paths ?? {}))
    for (const method of Object.keys(item)) operations.add(`${method.toUpperCase()} ${path}`);
  return { operations };
}

export function serves(capabilities: Capabilities, operation: string): boolean {
  return capabilities.operations.has(operation);
}
