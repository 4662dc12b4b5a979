package io.github.visionj.tiff;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteOrder;
import java.util.zip.InflaterInputStream;

import javax.imageio.stream.ImageInputStream;

/**
 * One image of a TIFF file (an image file directory): where its strips or tiles lie and how they
 * are compressed. Reading a region decodes only the strips or tiles it touches, row by row and
 * only down to its last row, so memory is bounded by the region and a row of a strip or tile.
 */
final class TiffPage {

	static final int NONE = 1, LZW = 5, DEFLATE = 8, OLD_DEFLATE = 32946, PACKBITS = 32773;
	private static final int HORIZONTAL = 2;

	final TiffDirectory tags;
	final int width, height, samples, bytes, compression;
	private final int predictor, chunkWidth, chunkHeight;
	private final boolean planar, tiled, bigEndian;
	private final long[] offsets, counts;

	TiffPage(TiffDirectory tags, ByteOrder order) {
		this.tags = tags;
		width = (int) tags.number(TiffDirectory.IMAGE_WIDTH, 0);
		height = (int) tags.number(TiffDirectory.IMAGE_LENGTH, 0);
		samples = (int) tags.number(TiffDirectory.SAMPLES_PER_PIXEL, 1);
		bytes = (int) tags.numbers(TiffDirectory.BITS_PER_SAMPLE, 1)[0] / 8;
		compression = (int) tags.number(TiffDirectory.COMPRESSION, NONE);
		predictor = (int) tags.number(TiffDirectory.PREDICTOR, 1);
		planar = tags.number(TiffDirectory.PLANAR_CONFIGURATION, 1) == 2;
		tiled = tags.has(TiffDirectory.TILE_OFFSETS);
		chunkWidth = tiled ? (int) tags.number(TiffDirectory.TILE_WIDTH, width) : width;
		chunkHeight = (int) Math.min(height, tags.number(tiled ? TiffDirectory.TILE_LENGTH : TiffDirectory.ROWS_PER_STRIP, height));
		offsets = tags.numbers(tiled ? TiffDirectory.TILE_OFFSETS : TiffDirectory.STRIP_OFFSETS, 0);
		long[] c = tags.numbers(tiled ? TiffDirectory.TILE_BYTE_COUNTS : TiffDirectory.STRIP_BYTE_COUNTS, -1);
		counts = c.length == offsets.length ? c : null;
		bigEndian = order == ByteOrder.BIG_ENDIAN;
	}

	private TiffPage(TiffPage first, long shift) {
		tags = first.tags;
		width = first.width;
		height = first.height;
		samples = first.samples;
		bytes = first.bytes;
		compression = first.compression;
		predictor = first.predictor;
		planar = first.planar;
		tiled = first.tiled;
		chunkWidth = first.chunkWidth;
		chunkHeight = first.chunkHeight;
		counts = first.counts;
		bigEndian = first.bigEndian;
		offsets = first.offsets.clone();
		for (int i = 0; i < offsets.length; i++)
			offsets[i] += shift;
	}

	/** The problem with this page's layout, or null when it can be read. */
	String unsupported() {
		if (compression != NONE && compression != LZW && compression != DEFLATE && compression != OLD_DEFLATE &&
			compression != PACKBITS) return "is compressed with method " + compression + " (JPEG or another one VisionJ does not decode)";
		if (predictor != 1 && predictor != HORIZONTAL) return "uses the floating-point predictor";
		int chunks = (planar ? samples : 1) * (int) ((width + chunkWidth - 1L) / chunkWidth) *
			(int) ((height + chunkHeight - 1L) / chunkHeight);
		if (offsets.length < chunks || chunkWidth < 1 || chunkHeight < 1) return "lists " + offsets.length +
			" strips or tiles where its size needs " + chunks;
		return null;
	}

	/**
	 * The next image of an ImageJ stack whose file holds the first image's directory only (as
	 * ImageJ saves stacks over 4 GB): the same layout, one image further.
	 */
	TiffPage next(int images) {
		return new TiffPage(this, (long) images * width * height * samples * bytes);
	}

	/** Whether the pixels of an uncompressed image lie one after another, so that {@link #next} can find the images after it. */
	boolean contiguous() {
		if (compression != NONE) return false;
		long rowBytes = (long) chunkWidth * (planar ? 1 : samples) * bytes;
		for (int i = 1; i < offsets.length; i++)
			if (offsets[i] != offsets[i - 1] + rowBytes * chunkHeight) return false;
		return !tiled;
	}

	/**
	 * Decodes the samples of columns {@code x0 .. x0 + w - 1} and rows {@code y0 .. y0 + h - 1}
	 * into {@code pixels} (a byte[], short[] or float[]), sample {@code s} of pixel (x, y) going to
	 * {@code ((channel + s) * h + y - y0) * w + x - x0}.
	 */
	void read(ImageInputStream in, int x0, int y0, int w, int h, Object pixels, int channel) throws IOException {
		int perChunk = planar ? 1 : samples;
		int across = (width + chunkWidth - 1) / chunkWidth, down = (height + chunkHeight - 1) / chunkHeight;
		int rowBytes = chunkWidth * perChunk * bytes;
		byte[] row = new byte[rowBytes];
		for (int plane = 0; plane < (planar ? samples : 1); plane++)
			for (int ty = y0 / chunkHeight; ty <= (y0 + h - 1) / chunkHeight; ty++)
				for (int tx = x0 / chunkWidth; tx <= (x0 + w - 1) / chunkWidth; tx++) {
					int index = (plane * down + ty) * across + tx;
					int cx = tx * chunkWidth, cy = ty * chunkHeight;
					int first = Math.max(y0, cy) - cy, last = Math.min(y0 + h, cy + chunkHeight) - cy;
					int from = Math.max(x0, cx), to = Math.min(x0 + w, cx + chunkWidth);
					// Uncompressed rows are found by position; compressed ones are decoded from the chunk's start.
					int skip = compression == NONE ? 0 : first;
					in.seek(offsets[index] + (compression == NONE ? (long) first * rowBytes : 0));
					long count = compression == NONE ? (long) (last - first) * rowBytes : counts == null ? Long.MAX_VALUE : counts[index];
					// closing ends the inflater; the file stays open
					try (DataInputStream data = new DataInputStream(decoded(new Chunk(in, count)))) {
						for (int r = first - skip; r < last; r++) {
							data.readFully(row);
							if (r < first) continue;
							if (predictor == HORIZONTAL) undoDifferences(row, perChunk);
							int at = (cy + r - y0) * w - x0;
							for (int s = 0; s < perChunk; s++) {
								int target = (channel + plane + s) * w * h + at;
								for (int x = from; x < to; x++)
									put(pixels, target + x, row, ((x - cx) * perChunk + s) * bytes);
							}
						}
					}
				}
	}

	private InputStream decoded(InputStream chunk) {
		if (compression == NONE) return chunk;
		InputStream buffered = new BufferedInputStream(chunk, 65536);
		return switch (compression) {
			case LZW -> new LzwStream(buffered);
			case PACKBITS -> new PackBitsStream(buffered);
			default -> new InflaterInputStream(buffered);
		};
	}

	private void put(Object pixels, int i, byte[] row, int p) {
		switch (bytes) {
			case 1 -> ((byte[]) pixels)[i] = row[p];
			case 2 -> ((short[]) pixels)[i] = (short) sample(row, p, 2);
			default -> ((float[]) pixels)[i] = Float.intBitsToFloat((int) sample(row, p, 4));
		}
	}

	private long sample(byte[] row, int p, int n) {
		long v = 0;
		for (int k = 0; k < n; k++)
			v |= (long) (row[p + k] & 0xFF) << 8 * (bigEndian ? n - 1 - k : k);
		return v;
	}

	/** Predictor 2: each sample was stored as its difference from the same sample of the pixel before. */
	private void undoDifferences(byte[] row, int perPixel) {
		int n = row.length / bytes;
		for (int i = perPixel; i < n; i++) {
			long sum = sample(row, i * bytes, bytes) + sample(row, (i - perPixel) * bytes, bytes);
			for (int k = 0; k < bytes; k++)
				row[i * bytes + k] = (byte) (sum >>> 8 * (bigEndian ? bytes - 1 - k : k));
		}
	}

	/** The bytes of one strip or tile, read from the file as they are needed. */
	private static final class Chunk extends InputStream {
		private final ImageInputStream in;
		private long left;

		Chunk(ImageInputStream in, long count) {
			this.in = in;
			this.left = count;
		}

		@Override
		public int read() throws IOException {
			if (left <= 0) return -1;
			left--;
			return in.read();
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			if (left <= 0) return -1;
			int n = in.read(b, off, (int) Math.min(len, left));
			if (n > 0) left -= n;
			return n;
		}
	}

	/** PackBits: a count byte n, then n + 1 literal bytes (n ≥ 0) or one byte repeated 1 - n times (n < 0, not -128). */
	private static final class PackBitsStream extends InputStream {
		private final InputStream in;
		private int literal, repeat, value;

		PackBitsStream(InputStream in) {
			this.in = in;
		}

		@Override
		public int read() throws IOException {
			while (literal == 0 && repeat == 0) {
				int n = in.read();
				if (n < 0) return -1;
				n = (byte) n;
				if (n >= 0) literal = n + 1;
				else if (n != -128) {
					repeat = 1 - n;
					value = in.read();
					if (value < 0) return -1;
				}
			}
			if (literal > 0) {
				literal--;
				return in.read();
			}
			repeat--;
			return value;
		}
	}

	/**
	 * TIFF's LZW: codes of 9 to 12 bits, most significant bit first, 256 clears the table, 257
	 * ends; the code width grows one code early, as the TIFF 6.0 specification's encoder does.
	 */
	private static final class LzwStream extends InputStream {
		private static final int CLEAR = 256, END = 257;
		private final InputStream in;
		private final byte[][] table = new byte[4096][];
		private int next, codeWidth, bitCount;
		private long bits;
		private byte[] previous, pending;
		private int pendingAt;
		private boolean ended;

		LzwStream(InputStream in) {
			this.in = in;
			for (int i = 0; i < 256; i++)
				table[i] = new byte[] { (byte) i };
			clear();
		}

		private void clear() {
			next = 258;
			codeWidth = 9;
			previous = null;
		}

		@Override
		public int read() throws IOException {
			while (pending == null || pendingAt == pending.length) {
				if (ended || !decode()) return -1;
			}
			return pending[pendingAt++] & 0xFF;
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			int n = 0;
			while (n < len) {
				if (pending == null || pendingAt == pending.length) {
					if (ended || !decode()) return n == 0 ? -1 : n;
				}
				int k = Math.min(len - n, pending.length - pendingAt);
				System.arraycopy(pending, pendingAt, b, off + n, k);
				pendingAt += k;
				n += k;
			}
			return n;
		}

		/** Decodes the next code into {@link #pending}; false at the end. */
		private boolean decode() throws IOException {
			int code = code();
			if (code == CLEAR) {
				clear();
				code = code();
			}
			if (code == END || code < 0) {
				ended = true;
				return false;
			}
			byte[] entry;
			if (previous == null) entry = table[code];
			else {
				entry = code < next ? table[code] : concat(previous, previous[0]);
				if (entry == null) throw new IOException("Bad LZW code " + code);
				if (next < table.length) table[next++] = concat(previous, entry[0]);
				if (next + 1 >= 1 << codeWidth && codeWidth < 12) codeWidth++;
			}
			previous = entry;
			pending = entry;
			pendingAt = 0;
			return true;
		}

		private int code() throws IOException {
			while (bitCount < codeWidth) {
				int b = in.read();
				if (b < 0) return -1;
				bits = bits << 8 | b;
				bitCount += 8;
			}
			bitCount -= codeWidth;
			return (int) (bits >>> bitCount) & (1 << codeWidth) - 1;
		}

		private static byte[] concat(byte[] a, byte b) {
			byte[] c = new byte[a.length + 1];
			System.arraycopy(a, 0, c, 0, a.length);
			c[a.length] = b;
			return c;
		}
	}
}
