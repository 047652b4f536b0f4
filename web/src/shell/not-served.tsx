/** What a screen shows when this node's management API does not offer its operations (yet). */
export function NotServed(props: { what: string; operations: readonly string[] }) {
  return (
    <div className="notice notice-info" role="status">
      <p>
        <strong>This node does not offer {props.what} yet.</strong> Its management API (see{' '}
        <a href="/openapi.json">/openapi.json</a>) has no{' '}
        {props.operations.map((op, i) => (
          <span key={op}>
            {i > 0 ? ', ' : ''}
            <code>{op}</code>
          </span>
        ))}
        . The console shows this screen as soon as the node serves it.
      </p>
    </div>
  );
}
