/**
 * Live answers kept as JSON by the ledger position and reference day they were made at: an answer is a pure function
 * of the projections' states (which follow from the events up to the position) and the reference day, so while
 * neither moves the same question gets the same JSON without folding or serialising again. Only the moment of
 * asking (`asOf`) is written in fresh. Any new event anywhere moves the position, so nothing is ever served stale;
 * a busy ledger just recomputes (docs/decisions.md, "What a request reads").
 */

interface Kept {
  position: string;
  referenceDay: string;
  /** The JSON from just after the `asOf` value to the end. */
  rest: string;
}

/** An answer that starts `{ "<key>": <id>, "asOf": <instant>, …` (the journey and indicator answers). */
interface Stamped {
  asOf: string;
}

export class LiveAnswers {
  private readonly kept = new Map<string, Kept>();

  constructor(
    private readonly size = 512,
    /** Larger answers (a long timeline) are made afresh each time rather than held. */
    private readonly maxChars = 256 * 1024,
  ) {}

  /**
   * The answer's JSON for `key` (the route and its item), from the kept copy when it was made at this position and
   * reference day, else from `make`. `head` is the JSON the answer starts with up to `"asOf":`.
   */
  json<T extends Stamped>(
    key: string,
    at: { position: string; referenceDay: string; asOf: string },
    head: string,
    make: () => T | null,
  ): string | null {
    const kept = this.kept.get(key);
    if (kept && kept.position === at.position && kept.referenceDay === at.referenceDay)
      return `${head}${JSON.stringify(at.asOf)}${kept.rest}`;
    const answer = make();
    if (answer === null) return null;
    const json = JSON.stringify(answer);
    const stamped = `${head}${JSON.stringify(answer.asOf)}`;
    // Kept only when it has the shape the splice relies on (and is not too large to hold).
    if (json.startsWith(stamped) && json.length <= this.maxChars) {
      this.kept.delete(key);
      this.kept.set(key, { position: at.position, referenceDay: at.referenceDay, rest: json.slice(stamped.length) });
      if (this.kept.size > this.size) this.kept.delete(this.kept.keys().next().value as string);
    }
    return json;
  }
}
