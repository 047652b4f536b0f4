/** A first-come first-served lock: `acquire()` resolves with the function that releases it. */
export class Mutex {
  #locked = false;
  readonly #waiting: (() => void)[] = [];

  get locked(): boolean {
    return this.#locked;
  }

  async acquire(): Promise<() => void> {
    if (this.#locked) await new Promise<void>((resolve) => this.#waiting.push(resolve));
    this.#locked = true;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.#waiting.shift();
      // The lock passes straight to the next waiter, so no newcomer can overtake it.
      if (next) next();
      else this.#locked = false;
    };
  }
}
