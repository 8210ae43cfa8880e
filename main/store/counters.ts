// Named running totals kept in the database (e.g. provider sessions restarted, uploads that may have
// reached the provider twice), so the figures survive restarts.
import type { StoreContext } from './store-context';

export class Counters {
  constructor(private readonly ctx: StoreContext) {}

  increment(name: string, by: number): void {
    this.ctx.q('INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET value = value + excluded.value').run(name, by);
  }

  all(): Record<string, number> {
    return Object.fromEntries(
      this.ctx
        .q<[], { name: string; value: number }>('SELECT name, value FROM counters')
        .all()
        .map((r) => [r.name, r.value]),
    );
  }
}
