// A hint of several sentences: the first (what to do) stays in view, the rest opens on demand, so a
// six-line explanation next to a field does not read as a wall of text.
import { useId, useState } from 'react';

/** The first sentence and the rest; a sentence ends at . ! or ? before a capital (not after "e.g." or "i.e."). */
export function splitHint(hint: string): [string, string] {
  const match = /^([\s\S]*?(?<!\be\.g|\bi\.e|\betc)[.!?])\s+(?=[A-Z"'(])/.exec(hint);
  if (!match?.[1]) return [hint, ''];
  return [match[1], hint.slice(match[0].length)];
}

export function LongHint({ hint, className = 'hint' }: { hint: string; className?: string }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const [first, rest] = splitHint(hint);
  if (!rest) return <div className={className}>{hint}</div>;
  return (
    <div className={className}>
      {first} {open && <span id={id}>{rest} </span>}
      <button
        type="button"
        className="more"
        aria-expanded={open}
        aria-controls={open ? id : undefined}
        onClick={() => setOpen(!open)}
      >
        {open ? 'Less' : 'More…'}
      </button>
    </div>
  );
}
