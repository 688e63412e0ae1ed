/**
 * The IDX file format of the MNIST distribution (`*-idx3-ubyte`, `*-idx1-ubyte`), read and written.
 *
 * Layout: a 4-byte magic number `0x00 0x00 <type> <ndims>`, then `ndims` big-endian uint32 sizes,
 * then the data in row-major order. MNIST uses type 0x08 (unsigned byte): labels are
 * `0x00000801` (1 dim: count), images `0x00000803` (3 dims: count, rows, cols).
 *
 * Pure TypeScript on `Uint8Array`s: no DOM, no Deno APIs, so the page, the command line and the
 * tests share it. Reading and fetching files live in `dataset.ts`.
 */

/** Magic number of an IDX file of unsigned-byte labels (1 dimension). */
export const LABELS_MAGIC = 0x00000801;
/** Magic number of an IDX file of unsigned-byte images (3 dimensions). */
export const IMAGES_MAGIC = 0x00000803;

/** A malformed or unexpected IDX file; the message names the file, what was expected and found. */
export class IdxError extends Error {
  constructor(message: string, readonly file?: string) {
    super(file ? `${file}: ${message}` : message);
    this.name = "IdxError";
  }
}

/** An IDX array of unsigned bytes: its sizes and its data (row-major). */
export interface IdxArray {
  shape: number[];
  data: Uint8Array;
}

/** Images as stored in an IDX file: `count` images of `rows` × `cols` bytes, one after another. */
export interface IdxImages {
  images: Uint8Array;
  count: number;
  rows: number;
  cols: number;
}

const hex = (n: number) => "0x" + n.toString(16).padStart(8, "0");

/** True when the bytes start with the gzip magic number `1f 8b`. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/** Pipes bytes through a (de)compression stream; available in Deno and in every current browser. */
async function throughStream(
  bytes: Uint8Array,
  stream: CompressionStream | DecompressionStream,
): Promise<Uint8Array> {
  const body = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(stream);
  return new Uint8Array(await new Response(body).arrayBuffer());
}

/**
 * The most data bytes an IDX file may declare: 256 MiB (the full MNIST training images are
 * 47 MB). A header that declares more is refused before its data is decompressed.
 */
export const MAX_IDX_BYTES = 256 * 1024 * 1024;

/**
 * The total length (header and data) an IDX file's header declares, once `head` holds the whole
 * header; undefined while it is shorter; null when the bytes are not an IDX file of unsigned
 * bytes (`parseIdx` then says what is wrong with them).
 */
function declaredLength(head: Uint8Array, file?: string): number | null | undefined {
  if (head.length < 4) return undefined;
  if (head[0] !== 0 || head[1] !== 0 || head[2] !== 0x08) return null;
  const headerBytes = 4 + 4 * head[3];
  if (head.length < headerBytes) return undefined;
  const view = new DataView(head.buffer, head.byteOffset, head.byteLength);
  const shape = Array.from({ length: head[3] }, (_, i) => view.getUint32(4 + 4 * i, false));
  const dataBytes = shape.reduce((a, b) => a * b, 1);
  if (dataBytes > MAX_IDX_BYTES) {
    throw new IdxError(
      `sizes [${shape.join(", ")}] declare ${dataBytes} data bytes; the limit is ${
        MAX_IDX_BYTES / 2 ** 20
      } MiB`,
      file,
    );
  }
  return headerBytes + dataBytes;
}

/** Bytes of gzip handed to the decompressor at a time (see maybeGunzip). */
const GUNZIP_SLICE = 4096;

function concat(chunks: Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1) return chunks[0];
  const out = new Uint8Array(length);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/**
 * Gunzips an IDX file when it is gzipped (magic `1f 8b`), else returns the bytes as they are.
 * Decompression is streamed and stops as soon as the output passes the length the IDX header
 * declares (or the header declares more than {@link MAX_IDX_BYTES}): a 2 MB gzip bomb that
 * inflates to gigabytes costs only what its header admits to.
 */
export async function maybeGunzip(bytes: Uint8Array, file?: string): Promise<Uint8Array> {
  if (!isGzip(bytes)) return bytes;
  // Fed in small slices: a decompressor inflates each input chunk whole, and deflate inflates up
  // to ~1000×, so a 4 KiB slice yields at most a few MiB before the length check below runs.
  let offset = 0;
  const input = new ReadableStream<Uint8Array<ArrayBuffer>>({
    pull(controller) {
      if (offset >= bytes.length) return controller.close();
      controller.enqueue(bytes.slice(offset, offset + GUNZIP_SLICE) as Uint8Array<ArrayBuffer>);
      offset += GUNZIP_SLICE;
    },
  });
  const reader = input.pipeThrough(new DecompressionStream("gzip")).getReader();
  const chunks: Uint8Array[] = [];
  let length = 0;
  let limit: number | undefined;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      length += value.length;
      if (limit === undefined) {
        // Until the header is complete, keep the output as one array to read it from.
        const head = concat(chunks, length);
        chunks.splice(0, chunks.length, head);
        const declared = declaredLength(head, file);
        if (declared === null) {
          await reader.cancel();
          return head; // not IDX: parseIdx names what is wrong from these first bytes
        }
        limit = declared;
      }
      if (limit !== undefined && length > limit) {
        await reader.cancel();
        throw new IdxError(
          `trailing data: the header declares ${limit} bytes in all, the gzip data holds more ` +
            `(decompression stopped after ${length} bytes)`,
          file,
        );
      }
    }
  } catch (cause) {
    if (cause instanceof IdxError) throw cause;
    throw new IdxError(
      `corrupt gzip data (${bytes.length} bytes): ${(cause as Error).message}`,
      file,
    );
  }
  return concat(chunks, length);
}

/** Gzips bytes (used by tests and by anyone who wants `.gz` files). */
export function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  return throughStream(bytes, new CompressionStream("gzip"));
}

/**
 * Parses an uncompressed IDX file of unsigned bytes. `magic`, when given, is the magic number the
 * caller expects (it fixes the number of dimensions). Throws {@link IdxError} on a bad magic
 * number, an unsupported data type, or data that is shorter or longer than the sizes say.
 */
export function parseIdx(
  bytes: Uint8Array,
  options: { file?: string; magic?: number } = {},
): IdxArray {
  const { file, magic: expected } = options;
  if (bytes.length < 4) {
    throw new IdxError(
      `truncated header: expected at least 4 bytes (the magic number), found ${bytes.length}`,
      file,
    );
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const magic = view.getUint32(0, false);
  if (expected !== undefined && magic !== expected) {
    throw new IdxError(
      `bad magic number: expected ${hex(expected)} (${describeMagic(expected)}), found ${
        hex(magic)
      }${isGzip(bytes) ? " (gzip data: gunzip it first)" : ""}`,
      file,
    );
  }
  if (bytes[0] !== 0 || bytes[1] !== 0) {
    throw new IdxError(`bad magic number: expected 0x0000TTNN, found ${hex(magic)}`, file);
  }
  if (bytes[2] !== 0x08) {
    throw new IdxError(
      `unsupported data type 0x${bytes[2].toString(16).padStart(2, "0")}: ` +
        `only unsigned bytes (0x08) are read`,
      file,
    );
  }
  const ndims = bytes[3];
  const headerBytes = 4 + 4 * ndims;
  if (bytes.length < headerBytes) {
    throw new IdxError(
      `truncated header: expected ${headerBytes} bytes for ${ndims} dimensions, found ${bytes.length}`,
      file,
    );
  }
  const shape: number[] = [];
  for (let i = 0; i < ndims; i++) shape.push(view.getUint32(4 + 4 * i, false));
  const dataBytes = shape.reduce((a, b) => a * b, 1);
  const found = bytes.length - headerBytes;
  if (found !== dataBytes) {
    throw new IdxError(
      `${found < dataBytes ? "truncated data" : "trailing data"}: sizes [${shape.join(", ")}] ` +
        `need ${dataBytes} data bytes after the ${headerBytes}-byte header, found ${found}`,
      file,
    );
  }
  return { shape, data: bytes.subarray(headerBytes) };
}

function describeMagic(magic: number): string {
  if (magic === IMAGES_MAGIC) return "unsigned-byte images, 3 dimensions";
  if (magic === LABELS_MAGIC) return "unsigned-byte labels, 1 dimension";
  return `type 0x${((magic >> 8) & 0xff).toString(16)}, ${magic & 0xff} dimensions`;
}

/**
 * Parses an IDX image file (magic `0x00000803`). `rows` / `cols`, when given, are the image size
 * the caller needs (28 × 28 for MNIST models); a different size is an {@link IdxError}.
 */
export function parseIdxImages(
  bytes: Uint8Array,
  options: { file?: string; rows?: number; cols?: number } = {},
): IdxImages {
  const { file, rows, cols } = options;
  const { shape, data } = parseIdx(bytes, { file, magic: IMAGES_MAGIC });
  const [count, r, c] = shape;
  if ((rows !== undefined && r !== rows) || (cols !== undefined && c !== cols)) {
    throw new IdxError(
      `wrong image size: expected ${rows ?? r}×${cols ?? c} pixels, found ${r}×${c}`,
      file,
    );
  }
  return { images: data, count, rows: r, cols: c };
}

/** Parses an IDX label file (magic `0x00000801`); `classes`, when given, bounds every label. */
export function parseIdxLabels(
  bytes: Uint8Array,
  options: { file?: string; classes?: number } = {},
): Uint8Array {
  const { file, classes } = options;
  const { data } = parseIdx(bytes, { file, magic: LABELS_MAGIC });
  if (classes !== undefined) {
    const i = data.findIndex((label) => label >= classes);
    if (i >= 0) {
      throw new IdxError(
        `label ${i} is ${data[i]}: expected a class in 0..${classes - 1}`,
        file,
      );
    }
  }
  return data;
}

/** Encodes an unsigned-byte IDX file: magic, big-endian sizes, then the data. */
export function encodeIdx(shape: number[], data: Uint8Array): Uint8Array {
  const size = shape.reduce((a, b) => a * b, 1);
  if (data.length !== size) {
    throw new IdxError(
      `encodeIdx: shape [${shape.join(", ")}] needs ${size} bytes, got ${data.length}`,
    );
  }
  const header = 4 + 4 * shape.length;
  const out = new Uint8Array(header + size);
  const view = new DataView(out.buffer);
  view.setUint32(0, 0x00000800 | shape.length, false);
  shape.forEach((n, i) => view.setUint32(4 + 4 * i, n, false));
  out.set(data, header);
  return out;
}

/** Encodes `count` images of `rows` × `cols` bytes as an IDX image file (`*-idx3-ubyte`). */
export function encodeIdxImages({ images, count, rows, cols }: IdxImages): Uint8Array {
  return encodeIdx([count, rows, cols], images);
}

/** Encodes labels as an IDX label file (`*-idx1-ubyte`). */
export function encodeIdxLabels(labels: Uint8Array): Uint8Array {
  return encodeIdx([labels.length], labels);
}

/** A labelled set of digits: `count` images of `rows` × `cols` bytes and one label per image. */
export interface Digits extends IdxImages {
  labels: Uint8Array;
}

/**
 * Decodes an image file and a label file (each gzipped or not) into one labelled set; the files'
 * names, when given, appear in every error. The images must be `rows` × `cols` (default 28 × 28;
 * pass `null` to accept any size), labels below `classes` (default 10), and the counts must agree.
 */
export async function decodeIdxPair(
  imageBytes: Uint8Array,
  labelBytes: Uint8Array,
  options: {
    imagesFile?: string;
    labelsFile?: string;
    rows?: number | null;
    cols?: number | null;
    classes?: number;
  } = {},
): Promise<Digits> {
  const { imagesFile, labelsFile, rows = 28, cols = 28, classes = 10 } = options;
  const images = parseIdxImages(await maybeGunzip(imageBytes, imagesFile), {
    file: imagesFile,
    rows: rows ?? undefined,
    cols: cols ?? undefined,
  });
  const labels = parseIdxLabels(await maybeGunzip(labelBytes, labelsFile), {
    file: labelsFile,
    classes,
  });
  if (labels.length !== images.count) {
    throw new IdxError(
      `count mismatch: ${images.count} images${imagesFile ? ` in ${imagesFile}` : ""} but ` +
        `${labels.length} labels${labelsFile ? ` in ${labelsFile}` : ""}`,
    );
  }
  return { ...images, labels };
}
