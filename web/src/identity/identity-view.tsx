/** The signed-in user's attributes as the decision point will read them. */
import type { Me } from './me.ts';

export function IdentityView(props: { me: Me }) {
  const { me } = props;
  return (
    <section aria-labelledby="me-title">
      <h1 id="me-title" tabIndex={-1}>
        My clearances
      </h1>
      <dl className="facts">
        <div>
          <dt>User</dt>
          <dd>{me.subject}</dd>
        </div>
        <div>
          <dt>Participant</dt>
          <dd>{me.participant}</dd>
        </div>
        <div>
          <dt>Nationality</dt>
          <dd>{me.nationality}</dd>
        </div>
        <div>
          <dt>Clearances</dt>
          <dd>
            <ul className="plain">
              {Object.entries(me.clearances).map(([policy, level]) => (
                <li key={policy}>
                  <span className="tag">{policy}</span> {level}
                </li>
              ))}
            </ul>
          </dd>
        </div>
        <div>
          <dt>Communities of interest</dt>
          <dd>{me.coi.length === 0 ? 'none' : me.coi.join(', ')}</dd>
        </div>
        <div>
          <dt>Roles</dt>
          <dd>{me.roles.join(', ')}</dd>
        </div>
        <div>
          <dt>Session ends</dt>
          <dd>
            <time dateTime={me.expiresAt}>{new Date(me.expiresAt).toUTCString()}</time>
          </dd>
        </div>
      </dl>
    </section>
  );
}
