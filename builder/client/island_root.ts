/**
 * `IslandRoot`: the element an island was hydrated into (its `[data-island]` marker), for hooks
 * that need the island's place on the page without a ref from the island (the runtime starts an
 * island's engine when the reader comes to it). Null on the server.
 */
import { createContext } from "preact";

export const IslandRoot = createContext<HTMLElement | null>(null);
