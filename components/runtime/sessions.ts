/**
 * One runtime for a whole page: every island's trainer and the notebook are sessions of it.
 * The page's messages come wrapped with their session's id (`ToWorker`); each session has a
 * host of its own (`host.ts`: its trainer, backend, loop, notebook), and all of them share this
 * realm's engine, taking turns on it (`Exclusive`). A session that fails (a trainer that throws)
 * reports to its own island only; ending a session frees only its tensors.
 */
import type { FromHost, FromWorker, ToWorker } from "./protocol.ts";
import { type HostOptions, type Registry, RuntimeHost } from "./host.ts";
import { Exclusive } from "./exclusive.ts";

export class SessionRouter {
  private readonly hosts = new Map<number, RuntimeHost>();
  /** The turns on this realm's engine, shared by every session's host. */
  readonly exclusive = new Exclusive();

  constructor(
    private readonly send: (message: FromWorker) => void,
    private readonly registry: Registry,
    private readonly options: HostOptions,
  ) {}

  /** Sessions open now. */
  get size(): number {
    return this.hosts.size;
  }

  /** The host of session `id` (tests). */
  host(id: number): RuntimeHost | undefined {
    return this.hosts.get(id);
  }

  /** Take one message from the page. */
  handle(envelope: ToWorker): void {
    const { session } = envelope;
    if (!Number.isSafeInteger(session)) return;
    if ("end" in envelope) {
      const host = this.hosts.get(session);
      this.hosts.delete(session);
      void host?.end();
      return;
    }
    let host = this.hosts.get(session);
    if (!host) {
      host = new RuntimeHost(
        (message: FromHost) => this.send({ session, message }),
        this.registry,
        { ...this.options, exclusive: this.exclusive },
      );
      this.hosts.set(session, host);
    }
    host.handle(envelope.message);
  }
}
