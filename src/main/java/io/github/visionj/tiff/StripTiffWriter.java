package io.github.visionj.tiff;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import io.github.visionj.PendingFile;
import io.github.visionj.VisionJException;
import io.github.visionj.image.Calibration;
import io.github.visionj.image.RowSink;

/**
 * Writes a one-channel image (labels, classes) to a TIFF file row by row as the rows arrive, so
 * that the image is never held: uncompressed, one grey sample per pixel, planes one after the
 * other with ImageJ's ImageDescription ({@code images=}, {@code slices=}, {@code frames=},
 * {@code unit=}, {@code spacing=}, {@code finterval=}) and resolution tags, so that ImageJ opens a
 * stack as the hyperstack it was and with its calibration. The pixels come first, contiguous, and
 * the image file directories follow when the last row is in; a file that stays under 4 GB is a
 * classic TIFF, a larger one a BigTIFF (which ImageJ 1.x cannot open, Bio-Formats can). Strips hold a fixed number of rows (about 256 KB), independent of how the rows
 * are handed in.
 * <p>
 * The sample type is the caller's choice, since the number of labels is not known while writing:
 * 16-bit unsigned holds 0..65535, 32-bit float (what ImageJ uses for label images beyond 65535)
 * holds every integer up to 2<sup>24</sup> = 16,777,216 exactly; write 32 bits when the count may
 * exceed 65535. A value outside the range is refused.
 * <p>
 * The file is written under a temporary name in the target's folder and moved onto the target
 * by {@link #close} once every row of every plane has arrived; {@link #discard} (or a failure, or
 * closing with rows missing) removes it instead. Not thread-safe: rows come from one thread.
 */
public final class StripTiffWriter implements RowSink, AutoCloseable {

	private static final long STRIP_BYTES = 256 * 1024;
	private static final long CLASSIC_LIMIT = 0xFFFF_FFFFL;

	private final PendingFile file;
	private final FileChannel channel;
	private final long width, height;
	private final int slices, frames, bytes;
	private final Calibration calibration;
	private final boolean bigTiff;
	private final long rowsPerStrip;
	private ByteBuffer buffer = ByteBuffer.allocate(0).order(ByteOrder.LITTLE_ENDIAN);
	/** The next plane (z + slices * t) and row expected. */
	private long plane, row;
	private boolean closed;

	/**
	 * Creates the temporary file; writes nothing else until rows arrive.
	 *
	 * @param overwrite whether an existing {@code target} may be replaced
	 * @param bitsPerSample 16 (unsigned) or 32 (float)
	 * @param calibration pixel size and unit (resolution tags and {@code unit=}), slice spacing
	 *          and frame interval
	 * @throws VisionJException when {@code target} exists and overwrite is off, or the folder cannot be written
	 */
	public StripTiffWriter(Path target, boolean overwrite, long width, long height, int slices, int frames, int bitsPerSample,
		Calibration calibration)
	{
		this(target, overwrite, width, height, slices, frames, bitsPerSample, calibration, false);
	}

	/** @param forceBigTiff writes a BigTIFF whatever the size (a small BigTIFF for tests) */
	StripTiffWriter(Path target, boolean overwrite, long width, long height, int slices, int frames, int bitsPerSample,
		Calibration calibration, boolean forceBigTiff)
	{
		if (bitsPerSample != 16 && bitsPerSample != 32) throw new IllegalArgumentException(
			"Label images are written with 16 or 32 bits per sample, not " + bitsPerSample);
		if (width < 1 || height < 1 || slices < 1 || frames < 1) throw new IllegalArgumentException(
			"Image size " + width + "×" + height + "×" + slices + "×" + frames + " is empty");
		this.width = width;
		this.height = height;
		this.slices = slices;
		this.frames = frames;
		this.bytes = bitsPerSample / 8;
		this.calibration = calibration;
		rowsPerStrip = Math.max(1, Math.min(height, STRIP_BYTES / (width * bytes)));
		bigTiff = forceBigTiff || classicEnd() > CLASSIC_LIMIT;
		file = PendingFile.create(target, overwrite);
		try {
			channel = FileChannel.open(file.path(), StandardOpenOption.WRITE);
			channel.position(headerSize());
		}
		catch (IOException e) {
			throw file.discard(PendingFile.failed(target, e));
		}
	}

	@Override
	public void rows(int z, int t, long y0, int rows, int[] values) {
		if (closed) throw new IllegalStateException("Rows arrived after the image " + file.target() + " was closed");
		long p = z + (long) slices * t;
		if (p != plane || y0 != row || rows < 1 || y0 + rows > height || values.length < rows * width)
			throw new IllegalArgumentException("Rows " + y0 + ".." + (y0 + rows - 1) + " of plane z=" + z + ", t=" + t +
				" arrived, but row " + row + " of plane " + plane + " was expected next (" + values.length + " values)");
		int n = (int) (rows * width);
		if (buffer.capacity() < n * bytes) buffer = ByteBuffer.allocate(n * bytes).order(ByteOrder.LITTLE_ENDIAN);
		buffer.clear();
		int max = bytes == 2 ? 0xFFFF : 1 << 24;
		for (int i = 0; i < n; i++) {
			int v = values[i];
			if (v < 0 || v > max) throw new IllegalArgumentException("Value " + v + " does not fit a " + bytes * 8 +
				"-bit label image (0.." + max + ")" + (bytes == 2 ? "; write it with 32 bits" : ""));
			if (bytes == 2) buffer.putShort((short) v);
			else buffer.putFloat(v);
		}
		buffer.flip();
		write(buffer, -1);
		row += rows;
		if (row == height) {
			row = 0;
			plane++;
		}
	}

	/**
	 * Writes the image file directories and moves the file onto the target.
	 *
	 * @throws VisionJException on a write error, or when the target appeared meanwhile and
	 *           overwrite is off; the temporary file is removed
	 * @throws IllegalStateException when rows are missing; the temporary file is removed
	 */
	@Override
	public void close() {
		if (closed) return;
		if (plane < (long) slices * frames) {
			discard();
			throw new IllegalStateException("The image " + file.target() + " was closed at row " + row + " of plane " + plane +
				" of " + (long) slices * frames + "; it was not written");
		}
		closed = true;
		try {
			write(header(), 0);
			long end = headerSize() + planeBytes() * slices * frames;
			long pointer = bigTiff ? 8 : 4; // where the offset of the next directory goes
			for (long p = 0; p < (long) slices * frames; p++) {
				long ifd = writeDirectory(p, end);
				patch(pointer, ifd);
				end = channel.position();
				pointer = end - (bigTiff ? 8 : 4);
			}
			channel.close();
		}
		catch (IOException | RuntimeException e) {
			throw discardOn(e);
		}
		file.commit();
	}

	/** Removes the temporary file; nothing is written. Closing afterwards does nothing. */
	public void discard() {
		if (closed) return;
		closed = true;
		try {
			channel.close();
		}
		catch (IOException e) {
			// the file is deleted next
		}
		file.discard();
	}

	boolean isBigTiff() {
		return bigTiff;
	}

	private long planeBytes() {
		return width * height * bytes;
	}

	private long stripsPerPlane() {
		return (height + rowsPerStrip - 1) / rowsPerStrip;
	}

	private int headerSize() {
		return bigTiff ? 16 : 8;
	}

	/** Where a classic TIFF's directories would end: the bound that decides for BigTIFF. */
	private long classicEnd() {
		long planes = (long) slices * frames;
		long perPlane = 2 + 16 * 12 + 4 + 2 * 4 * stripsPerPlane() + 16 + 2;
		return 8 + planeBytes() * planes + perPlane * planes + description().length + 2;
	}

	private record Field(int tag, short type, long count, ByteBuffer value) {}

	private List<Field> fields(long p) {
		List<Field> f = new ArrayList<>();
		short offsetType = bigTiff ? TiffDirectory.LONG8 : TiffDirectory.LONG;
		f.add(number(TiffDirectory.NEW_SUBFILE_TYPE, TiffDirectory.LONG, 0));
		f.add(number(TiffDirectory.IMAGE_WIDTH, TiffDirectory.LONG, width));
		f.add(number(TiffDirectory.IMAGE_LENGTH, TiffDirectory.LONG, height));
		f.add(number(TiffDirectory.BITS_PER_SAMPLE, TiffDirectory.SHORT, bytes * 8));
		f.add(number(TiffDirectory.COMPRESSION, TiffDirectory.SHORT, 1));
		f.add(number(TiffDirectory.PHOTOMETRIC, TiffDirectory.SHORT, 1));
		if (p == 0) {
			byte[] d = description();
			f.add(new Field(TiffDirectory.IMAGE_DESCRIPTION, TiffDirectory.ASCII, d.length, ByteBuffer.wrap(d)));
		}
		long strips = stripsPerPlane();
		ByteBuffer offsets = values(strips, offsetType), counts = values(strips, offsetType);
		long start = headerSize() + p * planeBytes();
		for (long s = 0; s < strips; s++) {
			long rows = Math.min(rowsPerStrip, height - s * rowsPerStrip);
			put(offsets, offsetType, start + s * rowsPerStrip * width * bytes);
			put(counts, offsetType, rows * width * bytes);
		}
		f.add(new Field(TiffDirectory.STRIP_OFFSETS, offsetType, strips, offsets.flip()));
		f.add(number(TiffDirectory.SAMPLES_PER_PIXEL, TiffDirectory.SHORT, 1));
		f.add(number(TiffDirectory.ROWS_PER_STRIP, TiffDirectory.LONG, rowsPerStrip));
		f.add(new Field(TiffDirectory.STRIP_BYTE_COUNTS, offsetType, strips, counts.flip()));
		if (calibrated()) {
			f.add(rational(TiffDirectory.X_RESOLUTION, 1 / calibration.pixelWidth()));
			f.add(rational(TiffDirectory.Y_RESOLUTION, 1 / calibration.pixelHeight()));
			f.add(number(TiffDirectory.RESOLUTION_UNIT, TiffDirectory.SHORT, switch (calibration.unit()) {
				case "inch" -> 2;
				case "cm" -> 3;
				default -> 1;
			}));
		}
		f.add(number(TiffDirectory.SAMPLE_FORMAT, TiffDirectory.SHORT, bytes == 2 ? 1 : 3));
		return f;
	}

	private boolean calibrated() {
		return calibration.pixelWidth() > 0 && calibration.pixelHeight() > 0 && !calibration.unit().equals(Calibration.NONE.unit());
	}

	/** ImageJ's ImageDescription: what makes ImageJ open the planes as a hyperstack with its calibration. */
	private byte[] description() {
		StringBuilder s = new StringBuilder("ImageJ=1.11a\n");
		long images = (long) slices * frames;
		if (images > 1) s.append("images=").append(images).append('\n');
		if (slices > 1) s.append("slices=").append(slices).append('\n');
		if (frames > 1) s.append("frames=").append(frames).append('\n');
		if (slices > 1 && frames > 1) s.append("hyperstack=true\n");
		if (calibrated()) s.append("unit=").append(calibration.unit().replace("µ", "\\u00B5")).append('\n');
		if (slices > 1) s.append("spacing=").append(calibration.pixelDepth()).append('\n');
		if (frames > 1 && calibration.frameInterval() > 0) {
			s.append("finterval=").append(calibration.frameInterval()).append('\n');
			s.append("tunit=").append(calibration.timeUnit()).append('\n');
		}
		s.append("loop=false\n");
		byte[] text = s.toString().getBytes(StandardCharsets.UTF_8);
		byte[] terminated = new byte[text.length + 1];
		System.arraycopy(text, 0, terminated, 0, text.length);
		return terminated;
	}

	private Field number(int tag, short type, long value) {
		ByteBuffer b = values(1, type);
		put(b, type, value);
		return new Field(tag, type, 1, b.flip());
	}

	/** A rational as ImageJ writes its scale: the value times a million (or a thousand) over that. */
	private Field rational(int tag, double value) {
		long denominator = value > 1000 ? 1000 : 1_000_000;
		ByteBuffer b = values(2, TiffDirectory.LONG);
		b.putInt((int) Math.min(CLASSIC_LIMIT, Math.round(value * denominator))).putInt((int) denominator);
		return new Field(tag, TiffDirectory.RATIONAL, 1, b.flip());
	}

	private static ByteBuffer values(long count, short type) {
		int size = switch (type) {
			case TiffDirectory.SHORT -> 2;
			case TiffDirectory.LONG -> 4;
			default -> 8;
		};
		return ByteBuffer.allocate((int) (count * size)).order(ByteOrder.LITTLE_ENDIAN);
	}

	private static void put(ByteBuffer b, short type, long v) {
		switch (type) {
			case TiffDirectory.SHORT -> b.putShort((short) v);
			case TiffDirectory.LONG -> b.putInt((int) v);
			default -> b.putLong(v);
		}
	}

	/**
	 * Writes the values that do not fit in their entries at {@code at}, then the directory.
	 *
	 * @return the directory's offset; the channel is left at its end
	 */
	private long writeDirectory(long p, long at) throws IOException {
		List<Field> fields = fields(p);
		int inline = bigTiff ? 8 : 4;
		long cursor = at;
		long[] offsets = new long[fields.size()];
		for (int i = 0; i < fields.size(); i++) {
			ByteBuffer v = fields.get(i).value();
			if (v.remaining() <= inline) continue;
			offsets[i] = cursor;
			write(v.duplicate(), cursor);
			cursor += v.remaining() + (v.remaining() & 1);
		}
		ByteBuffer d = ByteBuffer.allocate((bigTiff ? 16 : 6) + fields.size() * (bigTiff ? 20 : 12)).order(ByteOrder.LITTLE_ENDIAN);
		if (bigTiff) d.putLong(fields.size());
		else d.putShort((short) fields.size());
		for (int i = 0; i < fields.size(); i++) {
			Field f = fields.get(i);
			d.putShort((short) f.tag()).putShort(f.type());
			if (bigTiff) d.putLong(f.count());
			else d.putInt((int) f.count());
			ByteBuffer v = f.value();
			if (v.remaining() <= inline) {
				byte[] padded = new byte[inline];
				v.duplicate().get(padded, 0, v.remaining());
				d.put(padded);
			}
			else put(d, bigTiff ? TiffDirectory.LONG8 : TiffDirectory.LONG, offsets[i]);
		}
		put(d, bigTiff ? TiffDirectory.LONG8 : TiffDirectory.LONG, 0); // no next directory, until the next one is written
		d.flip();
		write(d, cursor);
		channel.position(cursor + d.limit());
		return cursor;
	}

	private ByteBuffer header() {
		ByteBuffer h = ByteBuffer.allocate(headerSize()).order(ByteOrder.LITTLE_ENDIAN);
		h.put((byte) 'I').put((byte) 'I');
		if (bigTiff) h.putShort((short) 43).putShort((short) 8).putShort((short) 0).putLong(0);
		else h.putShort((short) 42).putInt(0);
		return h.flip();
	}

	private void patch(long at, long offset) throws IOException {
		ByteBuffer b = ByteBuffer.allocate(bigTiff ? 8 : 4).order(ByteOrder.LITTLE_ENDIAN);
		if (bigTiff) b.putLong(offset);
		else b.putInt((int) offset);
		write(b.flip(), at);
	}

	/** Writes all of {@code b} at {@code at}, or at the channel's position when {@code at} is -1. */
	private void write(ByteBuffer b, long at) {
		try {
			long position = at;
			while (b.hasRemaining())
				if (at < 0) channel.write(b);
				else position += channel.write(b, position);
		}
		catch (IOException e) {
			throw discardOn(e);
		}
	}

	private VisionJException discardOn(Exception e) {
		closed = true;
		try {
			channel.close();
		}
		catch (IOException suppressed) {
			e.addSuppressed(suppressed);
		}
		return file.discard(e instanceof VisionJException v ? v : PendingFile.failed(file.target(), e));
	}
}
