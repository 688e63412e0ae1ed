/**
 * Hostile inputs for the MNIST tools' tests, made on the fly and cheaply: nothing here holds the
 * inflated bytes in memory.
 */
import { encodeIdx } from "../../mnist/idx.ts";

/**
 * A gzipped IDX image file whose header declares `count` 28 × 28 images but whose data inflates
 * to `zeroMiB` MiB of zeros: the zeros are streamed through the compressor one MiB at a time
 * (200 MiB take about a third of a second and gzip to about 200 KB).
 */
export async function gzipBomb(count: number, zeroMiB: number): Promise<Uint8Array> {
  const header = encodeIdx([count, 28, 28], new Uint8Array(count * 28 * 28)).slice(0, 16);
  const zeros = new Uint8Array(2 ** 20);
  let sent = -1;
  const source = new ReadableStream<Uint8Array<ArrayBuffer>>({
    pull(controller) {
      if (sent < 0) controller.enqueue(header);
      else if (sent < zeroMiB) controller.enqueue(zeros);
      else controller.close();
      sent++;
    },
  });
  const gz = source.pipeThrough(new CompressionStream("gzip"));
  return new Uint8Array(await new Response(gz).arrayBuffer());
}
