/** A transfer's state and how much of the encrypted object has arrived, as a native progress bar with a text twin. */
import type { TransferState } from '../../../src/protocol/messages/types.ts';

export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let value = n;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

export function TransferProgress(props: {
  state: TransferState;
  bytesDone?: number;
  bytesTotal?: number;
  reason?: string;
}) {
  const { bytesDone, bytesTotal } = props;
  const known = bytesTotal !== undefined && bytesTotal > 0 && bytesDone !== undefined;
  const percent = known ? Math.min(100, Math.floor((bytesDone / bytesTotal) * 100)) : undefined;
  return (
    <div className={`transfer transfer-${props.state.toLowerCase()}`}>
      <span className="state-tag">{props.state.toLowerCase()}</span>
      {known ? (
        <>
          <progress max={bytesTotal} value={bytesDone} aria-label="Transfer progress" />
          <span className="progress-text">
            {formatBytes(bytesDone)} of {formatBytes(bytesTotal)} ({percent} %)
          </span>
        </>
      ) : (
        props.state === 'STARTED' && <progress aria-label="Transfer progress" />
      )}
      {props.reason !== undefined && <p className="field-error">{props.reason}</p>}
    </div>
  );
}
