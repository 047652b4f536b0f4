/** One labelled form control with its hint and its error, wired for screen readers. */
import { useId, type ReactNode } from 'react';

export function Field(props: {
  label: string;
  hint?: string;
  error: string | undefined;
  children: (ids: { id: string; describedBy: string | undefined; invalid: boolean }) => ReactNode;
}) {
  const id = useId();
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const describedBy = [props.hint === undefined ? '' : hintId, props.error === undefined ? '' : errorId]
    .filter((s) => s !== '')
    .join(' ');
  return (
    <div className={`field${props.error === undefined ? '' : ' field-invalid'}`}>
      <label htmlFor={id}>{props.label}</label>
      {props.hint !== undefined && (
        <p id={hintId} className="hint">
          {props.hint}
        </p>
      )}
      {props.children({
        id,
        describedBy: describedBy === '' ? undefined : describedBy,
        invalid: props.error !== undefined,
      })}
      {props.error !== undefined && (
        <p id={errorId} className="field-error">
          {props.error}
        </p>
      )}
    </div>
  );
}
