package io.github.visionj.tiff;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.imageio.stream.ImageInputStream;

/**
 * The tags that {@link TiffRegions} uses of one image file directory of a TIFF or BigTIFF file,
 * either byte order; other tags are skipped unread. A directory or value that lies outside the
 * file, a count of values the file cannot hold, or a chain of directories that loops is refused
 * with an {@link IOException} that names the problem.
 */
final class TiffDirectory {

	/** Tag numbers of the TIFF 6.0 specification. */
	static final int NEW_SUBFILE_TYPE = 254, IMAGE_WIDTH = 256, IMAGE_LENGTH = 257, BITS_PER_SAMPLE = 258, COMPRESSION = 259, PHOTOMETRIC = 262,
		IMAGE_DESCRIPTION = 270, STRIP_OFFSETS = 273, SAMPLES_PER_PIXEL = 277, ROWS_PER_STRIP = 278, STRIP_BYTE_COUNTS = 279,
		X_RESOLUTION = 282, Y_RESOLUTION = 283, PLANAR_CONFIGURATION = 284, RESOLUTION_UNIT = 296, PREDICTOR = 317,
		TILE_WIDTH = 322, TILE_LENGTH = 323, TILE_OFFSETS = 324, TILE_BYTE_COUNTS = 325, SAMPLE_FORMAT = 339;

	private static final Set<Integer> USED = Set.of(IMAGE_WIDTH, IMAGE_LENGTH, BITS_PER_SAMPLE, COMPRESSION, PHOTOMETRIC,
		IMAGE_DESCRIPTION, STRIP_OFFSETS, SAMPLES_PER_PIXEL, ROWS_PER_STRIP, STRIP_BYTE_COUNTS, X_RESOLUTION, Y_RESOLUTION,
		PLANAR_CONFIGURATION, RESOLUTION_UNIT, PREDICTOR, TILE_WIDTH, TILE_LENGTH, TILE_OFFSETS, TILE_BYTE_COUNTS,
		SAMPLE_FORMAT);
	/** Field types of TIFF 6.0 and BigTIFF (LONG8). */
	static final short ASCII = 2, SHORT = 3, LONG = 4, RATIONAL = 5, SRATIONAL = 10, FLOAT = 11, DOUBLE = 12, LONG8 = 16;
	/** Bytes of one value of each field type (index), 0 for types the TIFF and BigTIFF specifications do not define. */
	private static final int[] SIZES = { 0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4, 0, 0, 8, 8, 8 };

	/** Values by tag: a long[] (integer types), a double[] (fractions and floating point) or a String (ASCII). */
	private final Map<Integer, Object> values = new HashMap<>();
	/** Where the next directory starts, 0 after the last. */
	private final long next;

	/**
	 * Reads the header and every directory of the chain, and sets {@code in}'s byte order to the
	 * file's.
	 */
	static List<TiffDirectory> readAll(ImageInputStream in) throws IOException {
		long length = in.length() < 0 ? Long.MAX_VALUE : in.length();
		in.seek(0);
		in.setByteOrder(ByteOrder.BIG_ENDIAN);
		int mark = length < 8 ? -1 : in.readUnsignedShort();
		if (mark != 0x4949 && mark != 0x4D4D) throw new IOException("it does not start with a TIFF header, II or MM");
		in.setByteOrder(mark == 0x4949 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
		int version = in.readUnsignedShort();
		boolean big = version == 43;
		if (!big && version != 42) throw new IOException("its header names version " + version + ", neither TIFF (42) nor BigTIFF (43)");
		if (big && (length < 16 || in.readUnsignedShort() != 8 || in.readUnsignedShort() != 0))
			throw new IOException("its BigTIFF header does not give offsets of 8 bytes");
		long at = offset(in, big);
		List<TiffDirectory> directories = new ArrayList<>();
		Set<Long> seen = new HashSet<>();
		while (at != 0) {
			if (!seen.add(at)) throw new IOException("its chain of image file directories returns to the one at byte " + at);
			TiffDirectory d = new TiffDirectory(in, big, at, length);
			directories.add(d);
			at = d.next;
		}
		if (directories.isEmpty()) throw new IOException("it holds no image file directory");
		return directories;
	}

	private TiffDirectory(ImageInputStream in, boolean big, long at, long length) throws IOException {
		int countSize = big ? 8 : 2, entrySize = big ? 20 : 12, inline = big ? 8 : 4;
		within(at, countSize, length, "the image file directory at byte " + at);
		in.seek(at);
		long entries = big ? in.readLong() : in.readUnsignedShort();
		if (entries < 0 || entries > (length - at - countSize) / entrySize)
			throw new IOException("the image file directory at byte " + at + " lists " + Long.toUnsignedString(entries) +
				" entries, more than the file holds");
		long end = at + countSize + entries * entrySize;
		within(end, inline, length, "the image file directory at byte " + at);
		for (long i = 0; i < entries; i++) {
			in.seek(at + countSize + i * entrySize);
			int tag = in.readUnsignedShort(), type = in.readUnsignedShort();
			long count = big ? in.readLong() : in.readUnsignedInt();
			int size = type < SIZES.length ? SIZES[type] : 0;
			if (!USED.contains(tag) || size == 0) continue;
			String what = "tag " + tag + " of the image file directory at byte " + at;
			if (count < 0 || count > Math.min((Integer.MAX_VALUE - 8) / size, length / size))
				throw new IOException(what + " lists " + Long.toUnsignedString(count) + " values, more than the file holds");
			long bytes = count * size;
			long where = bytes <= inline ? in.getStreamPosition() : offset(in, big);
			within(where, bytes, length, what);
			in.seek(where);
			values.put(tag, read(in, type, (int) count));
		}
		in.seek(end);
		next = offset(in, big);
	}

	private static long offset(ImageInputStream in, boolean big) throws IOException {
		return big ? in.readLong() : in.readUnsignedInt();
	}

	/** Refuses {@code bytes} bytes at {@code at} unless the file holds them. */
	private static void within(long at, long bytes, long length, String what) throws IOException {
		String size = length == Long.MAX_VALUE ? "" : " of " + length + " bytes";
		if (at < 0 || at > length)
			throw new IOException(what + " lies at byte " + Long.toUnsignedString(at) + ", beyond the end of the file" + size);
		if (at > length - bytes)
			throw new IOException(what + " needs bytes up to " + (at + bytes) + ", beyond the end of the file" + size);
	}

	/** Reads the values in one go: a stream of a file may read each number with a call to the system. */
	private static Object read(ImageInputStream in, int type, int count) throws IOException {
		byte[] raw = new byte[count * SIZES[type]];
		in.readFully(raw);
		if (type == ASCII) {
			int n = 0;
			while (n < count && raw[n] != 0)
				n++;
			return new String(raw, 0, n, StandardCharsets.UTF_8);
		}
		ByteBuffer b = ByteBuffer.wrap(raw).order(in.getByteOrder());
		if (type == RATIONAL || type == SRATIONAL || type == FLOAT || type == DOUBLE) {
			double[] v = new double[count];
			for (int i = 0; i < count; i++)
				v[i] = switch (type) {
					case RATIONAL -> (double) Integer.toUnsignedLong(b.getInt()) / Integer.toUnsignedLong(b.getInt());
					case SRATIONAL -> (double) b.getInt() / b.getInt();
					case FLOAT -> b.getFloat();
					default -> b.getDouble();
				};
			return v;
		}
		long[] v = new long[count];
		for (int i = 0; i < count; i++)
			v[i] = switch (type) {
				case 1, 7 -> Byte.toUnsignedLong(b.get());
				case 6 -> b.get();
				case SHORT -> Short.toUnsignedLong(b.getShort());
				case 8 -> b.getShort();
				case LONG, 13 -> Integer.toUnsignedLong(b.getInt());
				case 9 -> b.getInt();
				default -> b.getLong(); // LONG8, SLONG8, IFD8
			};
		return v;
	}

	boolean has(int tag) {
		return values.containsKey(tag);
	}

	/** The first value of {@code tag}, or {@code fallback} when the directory has no number for it. */
	double number(int tag, double fallback) {
		Object v = values.get(tag);
		if (v instanceof long[] l && l.length > 0) return l[0];
		if (v instanceof double[] d && d.length > 0) return d[0];
		return fallback;
	}

	/** The values of {@code tag}, or {@code fallback} alone when the directory has no number for it. */
	long[] numbers(int tag, long fallback) {
		Object v = values.get(tag);
		if (v instanceof long[] l && l.length > 0) return l;
		if (v instanceof double[] d && d.length > 0) {
			long[] l = new long[d.length];
			for (int i = 0; i < d.length; i++)
				l[i] = (long) d[i];
			return l;
		}
		return new long[] { fallback };
	}

	/** The text of an ASCII tag, or null. */
	String text(int tag) {
		return values.get(tag) instanceof String s ? s : null;
	}
}
