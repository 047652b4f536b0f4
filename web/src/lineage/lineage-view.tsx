/**
 * The lineage of a dataset, model or result: an SVG graph of the versions it was derived from and those derived from
 * it (columns by generation, arrows labelled with the activity), and the same facts as an ordered list, which is
 * what a screen reader reads. Each version is a link to its own lineage, so the graph is walked with the keyboard.
 */
import { useEffect, useId, useState } from 'react';
import { settle, type Api } from '../api/client.ts';
import type { paths } from '../api/schema.d.ts';
import { serves, type Capabilities } from '../api/capabilities.ts';
import { NotServed } from '../shell/not-served.tsx';
import { BOX, layoutLineage, type Box, type LineageGraph } from './lineage-layout.ts';

const OPERATION = 'GET /v1/lineage/{id}';

function idFromHash(): string {
  const query = window.location.hash.split('?')[1] ?? '';
  return new URLSearchParams(query).get('id') ?? '';
}

const linkTo = (id: string) => `#/lineage?id=${encodeURIComponent(id)}`;
const short = (id: string) => (id.startsWith('sha256:') ? `${id.slice(0, 15)}…` : id);

type State =
  | { status: 'idle' }
  | { status: 'loading' }
  | { status: 'failed'; message: string }
  | { status: 'ready'; graph: LineageGraph };

export function LineageView(props: { api: Api; capabilities: Capabilities }) {
  const { api, capabilities } = props;
  const [wanted, setWanted] = useState(idFromHash);
  const [draft, setDraft] = useState(wanted);
  const [state, setState] = useState<State>({ status: 'idle' });
  const inputId = useId();

  useEffect(() => {
    const update = (): void => {
      const id = idFromHash();
      setWanted(id);
      setDraft(id);
    };
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);

  useEffect(() => {
    if (wanted === '') return setState({ status: 'idle' });
    let live = true;
    setState({ status: 'loading' });
    void settle(api.GET('/v1/lineage/{id}', { params: { path: { id: wanted } } })).then((fetched) => {
      if (!live) return;
      setState(
        fetched.ok
          ? { status: 'ready', graph: fetched.value as LineageGraph }
          : { status: 'failed', message: fetched.message },
      );
    });
    return () => {
      live = false;
    };
  }, [api, wanted]);

  if (!serves(capabilities, OPERATION)) return <NotServed what="Lineage" operations={[OPERATION]} />;
  return (
    <section>
      <h1 tabIndex={-1}>Lineage</h1>
      <p className="hint">
        What a dataset, model or result was made from, by which activity, and the label it therefore carries.
      </p>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          window.location.hash = linkTo(draft.trim());
        }}
      >
        <label htmlFor={inputId}>Artefact IRI or version id</label>
        <input
          id={inputId}
          value={draft}
          onChange={(event) => setDraft(event.target.value)}
          placeholder="urn:uuid:… or sha256:…"
          spellCheck={false}
        />
        <button type="submit" disabled={draft.trim() === ''}>
          Show lineage
        </button>
      </form>
      {state.status === 'loading' && <p className="loading">Loading the lineage…</p>}
      {state.status === 'failed' && (
        <p role="alert" className="error">
          {state.message}
        </p>
      )}
      {state.status === 'ready' && <LineageGraphView graph={state.graph} />}
      {state.status === 'idle' && <ArtefactList api={api} />}
    </section>
  );
}

type Artefacts = paths['/v1/lineage']['get']['responses'][200]['content']['application/json']['items'];

/** What there is to explore: the artefacts this node holds versions of, newest first. */
function ArtefactList(props: { api: Api }) {
  const { api } = props;
  const [items, setItems] = useState<Artefacts | string | undefined>();
  useEffect(() => {
    let live = true;
    void settle(api.GET('/v1/lineage', { params: { query: { limit: 100 } } })).then((fetched) => {
      if (live) setItems(fetched.ok ? (fetched.value as { items: Artefacts }).items : fetched.message);
    });
    return () => {
      live = false;
    };
  }, [api]);
  if (items === undefined) return <p className="loading">Loading the artefacts…</p>;
  if (typeof items === 'string')
    return (
      <p role="alert" className="error">
        {items}
      </p>
    );
  if (items.length === 0) return <p>No dataset, model or result has a version on this node yet.</p>;
  return (
    <table>
      <caption>Artefacts on this node</caption>
      <thead>
        <tr>
          <th scope="col">Title</th>
          <th scope="col">Kind</th>
          <th scope="col">Label</th>
          <th scope="col">Latest version</th>
        </tr>
      </thead>
      <tbody>
        {items.map((item) => (
          <tr key={item.artefact}>
            <td>
              <a href={linkTo(item.artefact)}>{item.title}</a>
            </td>
            <td>
              {item.kind}
              {item.derived ? ' (derived)' : ''}
            </td>
            <td>{item.classification}</td>
            <td className="mono">{short(item.version)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function LineageGraphView(props: { graph: LineageGraph }) {
  const { graph } = props;
  const layout = layoutLineage(graph);
  const byId = new Map(layout.boxes.map((b) => [b.id, b]));
  const focus = byId.get(graph['foedera:focus']['@id']);
  const titleId = useId();
  const descId = useId();
  const markerId = `arrow-${useId().replace(/[^a-zA-Z0-9]/g, '')}`;
  const inputs = layout.steps.find((s) => s.derived === focus?.id)?.inputs.length ?? 0;
  return (
    <figure className="lineage">
      <svg
        role="img"
        aria-labelledby={`${titleId} ${descId}`}
        width={layout.width}
        height={layout.height}
        viewBox={`0 0 ${layout.width} ${layout.height}`}
        style={{ maxWidth: '100%', height: 'auto' }}
      >
        <title id={titleId}>Lineage of {focus?.title ?? graph['foedera:focus']['@id']}</title>
        <desc id={descId}>
          {`${layout.boxes.length} versions; the selected one has ${inputs} direct inputs. The list below gives every derivation step.`}
        </desc>
        <defs>
          <marker
            id={markerId}
            viewBox="0 0 10 10"
            refX="10"
            refY="5"
            markerWidth="8"
            markerHeight="8"
            orient="auto"
          >
            <path d="M0,0 L10,5 L0,10 z" fill="#4a5568" />
          </marker>
        </defs>
        {layout.edges.map((edge) => {
          const from = byId.get(edge.from);
          const to = byId.get(edge.to);
          if (from === undefined || to === undefined) return null;
          // Every input joins the activity that made the derived version, drawn once before it (a PROV activity).
          const x1 = from.x + BOX.width;
          const y1 = from.y + BOX.height / 2;
          const x2 = to.x - BOX.columnGap / 2;
          const y2 = to.y + BOX.height / 2;
          const mid = (x1 + x2) / 2;
          return (
            <path
              key={`${edge.from}>${edge.to}`}
              d={`M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}`}
              fill="none"
              stroke="#4a5568"
              strokeWidth="1.5"
            />
          );
        })}
        {layout.steps.map((step) => {
          const to = byId.get(step.derived);
          if (to === undefined) return null;
          const type = step.activity?.type ?? 'derived';
          const width = Math.min(BOX.columnGap - 16, type.length * 6.2 + 14);
          const cx = to.x - BOX.columnGap / 2;
          const y = to.y + BOX.height / 2;
          return (
            <g key={`activity>${step.derived}`}>
              <rect
                x={cx - width / 2}
                y={y - 10}
                width={width}
                height={20}
                rx="10"
                fill="#fefcbf"
                stroke="#b7791f"
              />
              <text x={cx} y={y + 4} textAnchor="middle" fontSize="10.5" fill="#744210">
                {type}
              </text>
              <path
                d={`M${cx + width / 2},${y} L${to.x},${y}`}
                stroke="#4a5568"
                strokeWidth="1.5"
                markerEnd={`url(#${markerId})`}
              />
            </g>
          );
        })}
        {layout.boxes.map((box) => (
          <VersionBox key={box.id} box={box} focused={box.id === focus?.id} />
        ))}
      </svg>
      <figcaption>
        <h2>Derivation steps</h2>
        {layout.steps.length === 0 ? (
          <p>This version was not derived from other versions: it is a primary version.</p>
        ) : (
          <ol>
            {layout.steps.map((step) => {
              const derived = byId.get(step.derived);
              return (
                <li key={step.derived}>
                  <a href={linkTo(step.derived)}>{derived?.title}</a> ({derived?.classification}) was derived
                  from{' '}
                  {step.inputs.map((id, i) => (
                    <span key={id}>
                      {i > 0 && (i === step.inputs.length - 1 ? ' and ' : ', ')}
                      <a href={linkTo(id)}>{byId.get(id)?.title ?? short(id)}</a> (
                      {byId.get(id)?.classification}
                      {byId.get(id)?.local === false ? `, held by ${byId.get(id)?.holder}` : ''})
                    </span>
                  ))}
                  {step.activity !== undefined &&
                    ` by ${step.activity.type}, ${step.activity.started} to ${step.activity.ended}, by ${step.activity.agent}`}
                  .
                </li>
              );
            })}
          </ol>
        )}
        {graph['foedera:truncated'] && <p className="hint">The graph is longer than shown.</p>}
      </figcaption>
    </figure>
  );
}

function VersionBox(props: { box: Box; focused: boolean }) {
  const { box, focused } = props;
  return (
    <a href={linkTo(box.id)} aria-label={`${box.title}, ${box.kind}, ${box.classification}`}>
      <rect
        x={box.x}
        y={box.y}
        width={BOX.width}
        height={BOX.height}
        rx="6"
        fill={focused ? '#ebf4ff' : '#ffffff'}
        stroke={focused ? '#2b6cb0' : '#718096'}
        strokeWidth={focused ? 2.5 : 1.2}
        strokeDasharray={box.local ? undefined : '5 3'}
      />
      <text x={box.x + 10} y={box.y + 20} fontSize="13" fontWeight="600" fill="#1a202c">
        {box.title.length > 30 ? `${box.title.slice(0, 29)}…` : box.title}
      </text>
      <text x={box.x + 10} y={box.y + 37} fontSize="11" fill="#9b2c2c">
        {box.classification}
      </text>
      <text x={box.x + 10} y={box.y + 53} fontSize="10" fill="#4a5568">
        {box.kind}
        {box.local ? '' : ` · ${box.holder.replace('urn:foedera:participant:', '')}`} · {short(box.id)}
      </text>
    </a>
  );
}
