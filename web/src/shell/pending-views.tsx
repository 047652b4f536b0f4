/**
 * Screens over management operations that other modules are still adding to the node. Each names the operations it
 * needs; when the node's OpenAPI document lists them the screen is built against the generated types.
 */
import { serves, type Capabilities } from '../api/capabilities.ts';
import { NotServed } from './not-served.tsx';

export const NEEDS = {
  catalog: { what: 'the federated catalog', title: 'Federated catalog', operations: ['GET /v1/catalog'] },
  negotiations: {
    what: 'contract negotiations',
    title: 'Negotiations',
    operations: ['GET /v1/negotiations', 'POST /v1/negotiations'],
  },
  transfers: { what: 'transfers', title: 'Transfers', operations: ['GET /v1/transfers'] },
  received: { what: 'opening received data', title: 'Received data', operations: ['GET /v1/received'] },
  audit: { what: 'the audit log', title: 'Audit log', operations: ['GET /v1/audit/entries'] },
} as const;

export function PendingView(props: { screen: keyof typeof NEEDS; capabilities: Capabilities }) {
  const need = NEEDS[props.screen];
  const missing = need.operations.filter((op) => !serves(props.capabilities, op));
  return (
    <section aria-labelledby={`${props.screen}-title`}>
      <h1 id={`${props.screen}-title`}>{need.title}</h1>
      <NotServed what={need.what} operations={missing.length > 0 ? missing : need.operations} />
    </section>
  );
}
