package io.github.visionj.tiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import io.github.visionj.VisionJException;
import io.github.visionj.image.AxisImage;
import io.github.visionj.image.Calibration;

class TiffDirectoryTest {

	/** ImageJ's description, µ escaped as ImageJ writes it; ASCII values end with a NUL byte. */
	private static final String DESCRIPTION = "ImageJ=1.54f\nimages=1\nunit=\\u00B5m\n\0";
	private static final int WIDTH = 7, HEIGHT = 5, SHORT = 3, LONG = 4, RATIONAL = 5, LONG8 = 16;

	@TempDir
	Path dir;

	@Test
	void readsClassicAndBigTiffInBothByteOrders() throws IOException {
		int[][] layouts = { { 0, SHORT }, { 0, LONG }, { 1, SHORT }, { 1, LONG }, { 1, LONG8 } };
		for (ByteOrder order : new ByteOrder[] { ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN })
			for (int[] layout : layouts) {
				boolean big = layout[0] == 1;
				String name = (big ? "big" : "classic") + "-" + order + "-" + layout[1];
				Path file = Files.write(dir.resolve(name + ".tif"), tiff(big, order, layout[1]).bytes());
				// The JDK's reader and ImageJ read the classic files the same way, so they are made as TIFF says
				// (ImageJ reads strip offsets as LONG only).
				if (!big) assertEquals(pixel(6, 4), ImageIO.read(file.toFile()).getRaster().getSample(6, 4, 0), name);
				if (!big && layout[1] == LONG) {
					ImagePlus imp = IJ.openImage(file.toString());
					assertEquals(List.of(WIDTH, HEIGHT, pixel(6, 4), 0.25, 0.5, "µm"), List.of(imp.getWidth(), imp.getHeight(),
						imp.getProcessor().get(6, 4), imp.getCalibration().pixelWidth, imp.getCalibration().pixelHeight,
						imp.getCalibration().getUnit()), name);
				}
				try (TiffRegions tiff = new TiffRegions(file)) {
					assertEquals(List.of((long) WIDTH, (long) HEIGHT, 1, 1, 1, 8), List.of(tiff.width(), tiff.height(), tiff.channels(),
						tiff.slices(), tiff.frames(), tiff.bitsPerSample()), name);
					// X and Y resolution 4 and 2 pixels per unit, the unit from ImageJ's description
					assertEquals(new Calibration(0.25, 0.5, 1, "µm", 0, Calibration.NONE.timeUnit()), tiff.calibration(), name);
					AxisImage<?> region = tiff.read(1, 1, 5, 4, 0, 0);
					for (int y = 0; y < 4; y++)
						for (int x = 0; x < 5; x++)
							assertEquals(pixel(1 + x, 1 + y), Fixtures.at(region, x, y, 0), name + " at " + (1 + x) + "," + (1 + y));
				}
			}
	}

	@Test
	void refusesADirectoryChainThatLoops() throws IOException {
		for (boolean big : new boolean[] { false, true }) {
			Made made = tiff(big, ByteOrder.BIG_ENDIAN, LONG);
			ByteBuffer b = ByteBuffer.wrap(made.bytes()).order(ByteOrder.BIG_ENDIAN);
			if (big) b.putLong(made.next(), made.ifd());
			else b.putInt(made.next(), made.ifd());
			Path file = Files.write(dir.resolve("loop.tif"), made.bytes());
			assertEquals(cannotRead(file, "its chain of image file directories returns to the one at byte " + made.ifd()),
				assertThrows(VisionJException.class, () -> new TiffRegions(file)).getMessage());
		}
	}

	@Test
	void refusesATruncatedFile() throws IOException {
		Made made = tiff(false, ByteOrder.LITTLE_ENDIAN, LONG);
		// cut in the first value that follows the directory: the description
		int cut = made.next() + 4 + 6;
		Path file = Files.write(dir.resolve("cut.tif"), Arrays.copyOf(made.bytes(), cut));
		assertEquals(cannotRead(file, "tag 270 of the image file directory at byte " + made.ifd() + " needs bytes up to " +
			(made.next() + 4 + DESCRIPTION.length()) + ", beyond the end of the file of " + cut + " bytes"),
			assertThrows(VisionJException.class, () -> new TiffRegions(file)).getMessage());

		Path header = Files.write(dir.resolve("header.tif"), Arrays.copyOf(made.bytes(), 8));
		assertEquals(cannotRead(header, "the image file directory at byte " + made.ifd() + " lies at byte " + made.ifd() +
			", beyond the end of the file of 8 bytes"), assertThrows(VisionJException.class, () -> new TiffRegions(header)).getMessage());
	}

	@Test
	void refusesACountTheFileCannotHold() throws IOException {
		Made made = tiff(false, ByteOrder.LITTLE_ENDIAN, LONG);
		ByteBuffer b = ByteBuffer.wrap(made.bytes()).order(ByteOrder.LITTLE_ENDIAN);
		// the strip offsets (tag 273) are the 7th entry; its count follows tag and type
		b.putInt(made.ifd() + 2 + 6 * 12 + 4, Integer.MAX_VALUE);
		Path file = Files.write(dir.resolve("count.tif"), made.bytes());
		assertEquals(cannotRead(file, "tag 273 of the image file directory at byte " + made.ifd() + " lists 2147483647 values," +
			" more than the file holds"), assertThrows(VisionJException.class, () -> new TiffRegions(file)).getMessage());

		Made big = tiff(true, ByteOrder.BIG_ENDIAN, LONG8);
		ByteBuffer.wrap(big.bytes()).order(ByteOrder.BIG_ENDIAN).putLong(big.ifd(), -1);
		Path entries = Files.write(dir.resolve("entries.tif"), big.bytes());
		assertEquals(cannotRead(entries, "the image file directory at byte " + big.ifd() + " lists 18446744073709551615 entries," +
			" more than the file holds"), assertThrows(VisionJException.class, () -> new TiffRegions(entries)).getMessage());
	}

	private static String cannotRead(Path file, String problem) {
		return "Cannot read the TIFF file " + file + " (" + problem + "); check that it is a complete TIFF or BigTIFF file, or open" +
			" it in Fiji and run on the open image.";
	}

	private static int pixel(int x, int y) {
		return 10 * y + x + 100;
	}

	/** A file made byte by byte, where its directory starts and where it names the next one. */
	private record Made(byte[] bytes, int ifd, int next) {}

	/**
	 * An 8-bit {@link #WIDTH}×{@link #HEIGHT} image in 3 strips of 2 rows, their offsets and byte
	 * counts of {@code stripType}, with ImageJ's description and the resolution tags; values that
	 * do not fit in an entry follow the directory.
	 */
	private static Made tiff(boolean big, ByteOrder order, int stripType) {
		int rows = 2, strips = (HEIGHT + rows - 1) / rows, header = big ? 16 : 8;
		long[] offsets = new long[strips], counts = new long[strips];
		for (int s = 0; s < strips; s++) {
			offsets[s] = header + s * rows * WIDTH;
			counts[s] = Math.min(rows, HEIGHT - s * rows) * WIDTH;
		}
		byte[] description = DESCRIPTION.getBytes(StandardCharsets.US_ASCII);
		long[] text = new long[description.length];
		for (int i = 0; i < text.length; i++)
			text[i] = description[i];
		// tag, type, values (a RATIONAL's numerators and denominators in turn), in increasing tag order
		List<Object[]> fields = List.of(new Object[] { 256, LONG, new long[] { WIDTH } }, new Object[] { 257, SHORT, new long[] { HEIGHT } },
			new Object[] { 258, SHORT, new long[] { 8 } }, new Object[] { 259, SHORT, new long[] { 1 } },
			new Object[] { 262, SHORT, new long[] { 1 } }, new Object[] { 270, 2, text }, new Object[] { 273, stripType, offsets },
			new Object[] { 277, SHORT, new long[] { 1 } }, new Object[] { 278, LONG, new long[] { rows } },
			new Object[] { 279, stripType, counts }, new Object[] { 282, RATIONAL, new long[] { 8, 2 } },
			new Object[] { 283, RATIONAL, new long[] { 2, 1 } }, new Object[] { 296, SHORT, new long[] { 3 } });
		int countSize = big ? 8 : 2, entrySize = big ? 20 : 12, inline = big ? 8 : 4;
		int ifd = header + WIDTH * HEIGHT + 1; // directories start on an even byte
		int next = ifd + countSize + fields.size() * entrySize;
		ByteBuffer out = ByteBuffer.allocate(1024).order(order);
		out.put((byte) (order == ByteOrder.LITTLE_ENDIAN ? 'I' : 'M')).put(out.get(0));
		if (big) out.putShort((short) 43).putShort((short) 8).putShort((short) 0).putLong(ifd);
		else out.putShort((short) 42).putInt(ifd);
		for (int y = 0; y < HEIGHT; y++)
			for (int x = 0; x < WIDTH; x++)
				out.put((byte) pixel(x, y));
		out.position(ifd);
		if (big) out.putLong(fields.size());
		else out.putShort((short) fields.size());
		int extra = next + inline;
		for (Object[] f : fields) {
			int type = (int) f[1];
			long[] values = (long[]) f[2];
			int size = type == SHORT ? 2 : type == LONG || type == RATIONAL ? 4 : type == LONG8 ? 8 : 1;
			int count = type == RATIONAL ? values.length / 2 : values.length;
			out.putShort((short) (int) f[0]).putShort((short) type);
			if (big) out.putLong(count);
			else out.putInt(count);
			int at = out.position(), back = at + inline;
			if (values.length * size > inline) {
				if (big) out.putLong(extra);
				else out.putInt(extra);
				at = extra;
				extra += values.length * size;
			}
			out.position(at);
			for (long v : values)
				switch (size) {
					case 1 -> out.put((byte) v);
					case 2 -> out.putShort((short) v);
					case 4 -> out.putInt((int) v);
					default -> out.putLong(v);
				}
			out.position(back);
		}
		return new Made(Arrays.copyOf(out.array(), extra), ifd, next);
	}
}
