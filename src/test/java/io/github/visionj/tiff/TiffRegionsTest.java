package io.github.visionj.tiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import javax.imageio.stream.FileImageInputStream;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageInputStreamImpl;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.measure.Calibration;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.LUT;
import ij.process.ShortProcessor;
import io.github.visionj.VisionJException;
import io.github.visionj.image.Axis;
import io.github.visionj.image.AxisImage;

class TiffRegionsTest {

	@TempDir
	Path dir;

	@Test
	void readsRegionsOfCompressedStripsAsImageJReadsTheWholeImage() throws IOException {
		BufferedImage image = Fixtures.random16(301, 203, 1);
		for (String compression : List.of("None", "LZW", "Deflate", "PackBits")) {
			Path file = Fixtures.write(image, dir.resolve(compression + ".tif"), compression, 0);
			ImagePlus whole = IJ.openImage(file.toString());
			assertNotNull(whole, compression);
			try (TiffRegions tiff = new TiffRegions(file)) {
				assertEquals(List.of(301L, 203L, 1, 1, 1, 16), List.of(tiff.width(), tiff.height(), tiff.channels(), tiff.slices(),
					tiff.frames(), tiff.bitsPerSample()));
				assertSameRegion(whole, 1, tiff.read(37, 51, 150, 97, 0, 0), 37, 51);
				assertSameRegion(whole, 1, tiff.read(0, 0, 301, 203, 0, 0), 0, 0);
			}
		}
	}

	@Test
	void readsRegionsOfTiles() throws IOException {
		BufferedImage image = Fixtures.random16(300, 200, 2);
		for (String compression : List.of("None", "LZW", "Deflate")) {
			Path file = Fixtures.write(image, dir.resolve("tiled-" + compression + ".tif"), compression, 64);
			try (TiffRegions tiff = new TiffRegions(file)) {
				AxisImage<?> region = tiff.read(50, 60, 130, 100, 0, 0);
				assertEquals(List.of(Axis.X, Axis.Y), region.axes());
				Raster expected = image.getRaster();
				for (int y = 0; y < 100; y++)
					for (int x = 0; x < 130; x++)
						assertEquals(expected.getSample(50 + x, 60 + y, 0), Fixtures.at(region, x, y, 0), compression + " " + x + "," + y);
			}
		}
	}

	@Test
	void readsOnlyTheTilesOrStripsARegionTouches() throws IOException {
		BufferedImage image = Fixtures.random16(2048, 2048, 3);
		for (int tile : new int[] { 0, 128 }) {
			Path file = Fixtures.write(image, dir.resolve("large" + tile + ".tif"), "Deflate", tile);
			CountingStream in = new CountingStream(file);
			try (TiffRegions tiff = new TiffRegions(file, in)) {
				in.count = 0;
				AxisImage<?> region = tiff.read(1000, 900, 100, 100, 0, 0);
				assertEquals(image.getRaster().getSample(1099, 999, 0), Fixtures.at(region, 99, 99, 0));
				// 100 x 100 pixels touch 4 tiles of 128², or the strips of about 100 of 2048 rows; a reader that
				// decodes every strip or tile above the region (TwelveMonkeys' 3.14) reads about half the file.
				assertTrue(in.count < Files.size(file) / 10, (tile > 0 ? "tiled" : "striped") + ": read " + in.count + " of " +
					Files.size(file) + " bytes");
			}
		}
	}

	@Test
	void readsPredictedAndPlanarSamples() throws IOException {
		int width = 90, height = 70;
		for (int samples : new int[] { 1, 3 })
			for (boolean planar : new boolean[] { false, true }) {
				int[] values = new int[samples * width * height];
				for (int i = 0; i < values.length; i++)
					values[i] = (i * 40503) % 65536;
				Path file = Fixtures.handmade(dir.resolve("handmade.tif"), width, height, samples, planar, values);
				try (TiffRegions tiff = new TiffRegions(file)) {
					assertEquals(samples, tiff.channels());
					AxisImage<?> region = tiff.read(20, 30, 50, 40, 0, 0);
					for (int s = 0; s < samples; s++)
						for (int y = 0; y < 40; y++)
							for (int x = 0; x < 50; x++)
								assertEquals(values[(s * height + 30 + y) * width + 20 + x], Fixtures.at(region, x, y, s),
									samples + " samples, planar " + planar + ", sample " + s + " at " + x + "," + y);
				}
			}
	}

	@Test
	void readsImageJStacksThatHoldTheFirstDirectoryOnly() throws IOException {
		Path file = dir.resolve("stack.tif");
		try (StripTiffWriter out = new StripTiffWriter(file, false, 30, 20, 3, 1, 16, io.github.visionj.image.Calibration.NONE)) {
			for (int z = 0; z < 3; z++) {
				int[] values = new int[600];
				Arrays.fill(values, 100 + z);
				out.rows(z, 0, 0, 20, values);
			}
		}
		// As ImageJ saves stacks over 4 GB: the first directory says images=3 and links to no other.
		ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
		int first = bytes.getInt(4);
		bytes.putInt(first + 2 + 12 * bytes.getShort(first), 0);
		Files.write(file, bytes.array());
		try (TiffRegions tiff = new TiffRegions(file)) {
			assertEquals(3, tiff.slices());
			assertEquals(102.0, Fixtures.at(tiff.read(29, 19, 1, 1, 2, 0), 0, 0, 0));
		}
		assertEquals(102, IJ.openImage(file.toString()).getStack().getProcessor(3).get(29, 19));
	}

	@Test
	void readsFloatAndRgbAsImageJDoes() throws IOException {
		FloatProcessor fp = new FloatProcessor(120, 90);
		for (int i = 0; i < 120 * 90; i++)
			fp.setf(i, (float) Math.sin(i) * 1000);
		Path floats = save(new ImagePlus("f", fp), "float.tif");
		try (TiffRegions tiff = new TiffRegions(floats)) {
			assertEquals(32, tiff.bitsPerSample());
			assertSameRegion(IJ.openImage(floats.toString()), 1, tiff.read(11, 13, 60, 50, 0, 0), 11, 13);
		}

		// ImageJ saves an 8-bit image with a colour lookup table as a palette image: its values are read.
		ByteProcessor bp = new ByteProcessor(120, 90);
		for (int i = 0; i < 120 * 90; i++)
			bp.set(i, i % 251);
		bp.setLut(LUT.createLutFromColor(Color.GREEN));
		Path lut = save(new ImagePlus("lut", bp), "lut.tif");
		try (TiffRegions tiff = new TiffRegions(lut)) {
			assertEquals(List.of(1, 8), List.of(tiff.channels(), tiff.bitsPerSample()));
			assertSameRegion(IJ.openImage(lut.toString()), 1, tiff.read(3, 4, 70, 60, 0, 0), 3, 4);
		}

		ColorProcessor cp = new ColorProcessor(120, 90);
		for (int i = 0; i < 120 * 90; i++)
			cp.set(i, i * 7919);
		Path rgb = save(new ImagePlus("rgb", cp), "rgb.tif");
		try (TiffRegions tiff = new TiffRegions(rgb)) {
			assertEquals(List.of(3, 8), List.of(tiff.channels(), tiff.bitsPerSample()));
			AxisImage<?> region = tiff.read(5, 7, 40, 30, 0, 0);
			assertEquals(List.of(Axis.X, Axis.Y, Axis.C), region.axes());
			for (int y = 0; y < 30; y++)
				for (int x = 0; x < 40; x++) {
					int c = cp.get(5 + x, 7 + y);
					assertEquals(List.of((double) (c >> 16 & 255), (double) (c >> 8 & 255), (double) (c & 255)),
						List.of(Fixtures.at(region, x, y, 0), Fixtures.at(region, x, y, 1), Fixtures.at(region, x, y, 2)));
				}
		}
	}

	@Test
	void readsImageJHyperstacksPlaneByPlaneWithTheirCalibration() {
		int channels = 2, slices = 3, frames = 4;
		ImageStack stack = new ImageStack(70, 50);
		for (int i = 0; i < channels * slices * frames; i++) {
			ShortProcessor sp = new ShortProcessor(70, 50);
			for (int p = 0; p < 70 * 50; p++)
				sp.set(p, (p * 31 + i * 1009) % 65536);
			stack.addSlice(sp);
		}
		ImagePlus imp = new ImagePlus("hyper", stack);
		imp.setDimensions(channels, slices, frames);
		imp.setOpenAsHyperStack(true);
		Calibration cal = imp.getCalibration();
		cal.pixelWidth = 0.25;
		cal.pixelHeight = 0.5;
		cal.pixelDepth = 2;
		cal.setUnit("µm");
		cal.frameInterval = 3;
		cal.setTimeUnit("min");
		Path file = save(imp, "hyper.tif");
		ImagePlus whole = IJ.openImage(file.toString());
		try (TiffRegions tiff = new TiffRegions(file)) {
			assertEquals(List.of(70L, 50L, 2, 3, 4), List.of(tiff.width(), tiff.height(), tiff.channels(), tiff.slices(), tiff.frames()));
			Calibration c = whole.getCalibration();
			assertEquals(new io.github.visionj.image.Calibration(c.pixelWidth, c.pixelHeight, c.pixelDepth, c.getUnit(),
				c.frameInterval, c.getTimeUnit()), tiff.calibration());
			assertEquals("µm", tiff.calibration().unit());
			for (int z = 0; z < slices; z++)
				for (int t = 0; t < frames; t++) {
					AxisImage<?> region = tiff.read(10, 5, 30, 40, z, t);
					for (int ch = 0; ch < channels; ch++)
						assertSameRegion(whole, whole.getStackIndex(ch + 1, z + 1, t + 1), region, ch, 10, 5);
				}
		}
	}

	@Test
	void aMultiPageFileWithoutImageJsDescriptionIsAStackOfSlices() throws IOException {
		ImageStack stack = new ImageStack(30, 20);
		for (int i = 0; i < 3; i++) {
			ShortProcessor sp = new ShortProcessor(30, 20);
			sp.add(i * 100);
			stack.addSlice(sp);
		}
		Path file = save(new ImagePlus("s", stack), "stack.tif");
		Path plain = dir.resolve("plain.tif");
		// The same file with the description's key renamed: ImageJ's description is no longer recognised.
		byte[] bytes = Files.readAllBytes(file);
		String text = new String(bytes, StandardCharsets.ISO_8859_1).replace("ImageJ=", "ImageX=");
		Files.write(plain, text.getBytes(StandardCharsets.ISO_8859_1));
		try (TiffRegions tiff = new TiffRegions(plain)) {
			assertEquals(List.of(1, 3, 1), List.of(tiff.channels(), tiff.slices(), tiff.frames()));
			assertEquals(200.0, Fixtures.at(tiff.read(3, 4, 5, 5, 2, 0), 0, 0, 0));
		}
	}

	@Test
	void refusesWhatItCannotReadWithTheFix() throws IOException {
		assertEquals("The file " + dir.resolve("none.tif") + " does not exist; check the path.",
			assertThrows(VisionJException.class, () -> new TiffRegions(dir.resolve("none.tif"))).getMessage());

		Path text = Files.writeString(dir.resolve("text.tif"), "not a TIFF");
		assertTrue(assertThrows(VisionJException.class, () -> new TiffRegions(text)).getMessage().startsWith(
			"Cannot read the TIFF file " + text + " ("));

		Path bilevel = Fixtures.write(new BufferedImage(40, 30, BufferedImage.TYPE_BYTE_BINARY), dir.resolve("bits.tif"), "None", 0);
		assertEquals("The TIFF file " + bilevel + " has 1-bit unsigned samples, but VisionJ reads 8- or 16-bit unsigned and 32-bit" +
			" float ones; open it in Fiji, convert it (Image › Type › 8-bit, 16-bit or 32-bit) and save it as TIFF.",
			assertThrows(VisionJException.class, () -> new TiffRegions(bilevel)).getMessage());

		Path signed = dir.resolve("signed.tif");
		try (StripTiffWriter out = new StripTiffWriter(signed, false, 2, 1, 1, 1, 16, io.github.visionj.image.Calibration.NONE)) {
			out.rows(0, 0, 0, 1, new int[2]);
		}
		byte[] bytes = Files.readAllBytes(signed);
		// SampleFormat (339 = 0x153), SHORT, one value: 1 (unsigned) becomes 2 (signed)
		byte[] unsigned = { 0x53, 0x01, 3, 0, 1, 0, 0, 0, 1, 0 };
		int at = Collections.indexOfSubList(toList(bytes), toList(unsigned));
		bytes[at + 8] = 2;
		Files.write(signed, bytes);
		assertEquals("The TIFF file " + signed + " has 16-bit signed samples, but VisionJ reads 8- or 16-bit unsigned and 32-bit" +
			" float ones; open it in Fiji, convert it (Image › Type › 8-bit, 16-bit or 32-bit) and save it as TIFF.",
			assertThrows(VisionJException.class, () -> new TiffRegions(signed)).getMessage());

		Path palette = Fixtures.write(new BufferedImage(40, 30, BufferedImage.TYPE_BYTE_INDEXED), dir.resolve("palette.tif"), "None", 0);
		assertEquals("The TIFF file " + palette + " stores colours as a palette; open it in Fiji, convert it" +
			" (Image › Type › RGB Color, or 8-bit for grey values) and save it again.",
			assertThrows(VisionJException.class, () -> new TiffRegions(palette)).getMessage());
	}

	private static List<Byte> toList(byte[] bytes) {
		List<Byte> list = new ArrayList<>();
		for (byte b : bytes)
			list.add(b);
		return list;
	}

	private Path save(ImagePlus imp, String name) {
		Path file = dir.resolve(name);
		assertTrue(new FileSaver(imp).saveAsTiff(file.toString()));
		return file;
	}

	private static void assertSameRegion(ImagePlus whole, int stackIndex, AxisImage<?> region, int x0, int y0) {
		assertSameRegion(whole, stackIndex, region, 0, x0, y0);
	}

	/** Channel {@code c} of {@code region} equals slice {@code stackIndex} of ImageJ's image at ({@code x0}, {@code y0}). */
	private static void assertSameRegion(ImagePlus whole, int stackIndex, AxisImage<?> region, int c, int x0, int y0) {
		ImageProcessor ip = whole.getStack().getProcessor(stackIndex);
		for (int y = 0; y < region.size(Axis.Y); y++)
			for (int x = 0; x < region.size(Axis.X); x++)
				assertEquals(ip.getf(x0 + x, y0 + y), Fixtures.at(region, x, y, c), "at " + (x0 + x) + "," + (y0 + y));
	}

	/** A file read through {@link ImageInputStream}, counting the bytes read. */
	private static final class CountingStream extends ImageInputStreamImpl {
		private final ImageInputStream in;
		long count;

		CountingStream(Path file) throws IOException {
			in = new FileImageInputStream(file.toFile());
		}

		@Override
		public int read() throws IOException {
			bitOffset = 0;
			in.seek(streamPos);
			int b = in.read();
			if (b >= 0) {
				streamPos++;
				count++;
			}
			return b;
		}

		@Override
		public int read(byte[] b, int off, int len) throws IOException {
			bitOffset = 0;
			in.seek(streamPos);
			int n = in.read(b, off, len);
			if (n > 0) {
				streamPos += n;
				count += n;
			}
			return n;
		}

		@Override
		public long length() {
			try {
				return in.length();
			}
			catch (IOException e) {
				return -1;
			}
		}

		@Override
		public void close() throws IOException {
			super.close();
			in.close();
		}
	}
}
