/**
 * The node's audit log, newest first, with each entry's inclusion proof in the current tree head checked here in the
 * browser (WebCrypto SHA-256, RFC 9162 hashing): the console does not take the node's word that an entry is logged.
 */
import { useEffect, useState } from 'react';
import type { Capabilities } from '../api/capabilities.ts';
import { requestJson } from '../api/client.ts';
import { OPERATIONS, readAuditPage, readAuditProof, type AuditRow } from '../api/resources.ts';
import { useResource } from '../api/use-resource.ts';
import { LoadedView } from '../shell/loaded-view.tsx';
import { entryBytes, verifyEntryInclusion } from './verify-inclusion.ts';

const PAGE = 50;

type Check = { status: 'checking' } | { status: 'verified' } | { status: 'failed'; reason: string };

export function AuditView(props: { token: string; capabilities: Capabilities }) {
  const { loaded } = useResource({
    ...props,
    operation: OPERATIONS.audit,
    path: `/v1/audit/entries?limit=${PAGE}`,
    read: readAuditPage,
  });
  return (
    <section aria-labelledby="audit-title">
      <h1 id="audit-title" tabIndex={-1}>
        Audit log
      </h1>
      <LoadedView loaded={loaded} what="the audit log" operations={[OPERATIONS.audit]}>
        {(page) => (
          <>
            <p>
              Tree head: {page.size} entries, root <span className="mono">{page.root.slice(0, 16)}…</span>.
              Each entry below is checked against it in this browser.
            </p>
            <table className="entries">
              <thead>
                <tr>
                  <th scope="col">#</th>
                  <th scope="col">Time (UTC)</th>
                  <th scope="col">Event</th>
                  <th scope="col">Actor</th>
                  <th scope="col">Subject</th>
                  <th scope="col">Proof</th>
                </tr>
              </thead>
              <tbody>
                {page.entries.map((row) => (
                  <Entry key={row.index} row={row} size={page.size} root={page.root} token={props.token} />
                ))}
              </tbody>
            </table>
          </>
        )}
      </LoadedView>
    </section>
  );
}

function Entry(props: { row: AuditRow; size: number; root: string; token: string }) {
  const { row, size, root, token } = props;
  const [check, setCheck] = useState<Check>({ status: 'checking' });
  useEffect(() => {
    let live = true;
    void (async () => {
      const fetched = await requestJson(token, {
        method: 'GET',
        path: `/v1/audit/entries/${row.index}/proof?size=${size}`,
      });
      const proof = fetched.ok ? readAuditProof(fetched.value) : undefined;
      if (!live) return;
      if (proof === undefined)
        return setCheck({ status: 'failed', reason: fetched.ok ? 'unreadable proof' : fetched.message });
      if (proof.root !== root || proof.size !== size)
        return setCheck({ status: 'failed', reason: 'proof is for another tree head' });
      const verdict = await verifyEntryInclusion({
        entry: entryBytes(row.entry),
        index: row.index,
        size,
        proofHex: proof.proof,
        rootHex: root,
      });
      if (live) setCheck(verdict.ok ? { status: 'verified' } : { status: 'failed', reason: verdict.detail });
    })();
    return () => {
      live = false;
    };
  }, [row, size, root, token]);

  return (
    <tr>
      <td>{row.index}</td>
      <td>
        <time dateTime={row.time}>{row.time.replace('T', ' ').replace(/(\.\d+)?Z$/, '')}</time>
      </td>
      <td>{row.kind}</td>
      <td className="mono">{row.actor}</td>
      <td className="mono">{row.subject}</td>
      <td>
        {check.status === 'checking' && <span>checking…</span>}
        {check.status === 'verified' && <span className="proof-ok">✓ included</span>}
        {check.status === 'failed' && <span className="proof-bad">✗ {check.reason}</span>}
      </td>
    </tr>
  );
}
