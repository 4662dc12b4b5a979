package io.github.visionj.tiff;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import io.github.visionj.VisionJException;
import io.github.visionj.image.AxisImage;
import io.github.visionj.image.Calibration;

class StripTiffWriterTest {

	private static final Calibration CAL = new Calibration(0.25, 0.5, 2, "µm", 3, "min");

	@TempDir
	Path dir;

	/** A value that differs at every pixel of every plane. */
	private static int value(long x, long y, int z, int t, int offset) {
		return (int) (offset + (x * 3 + y * 7 + z * 1000 + t * 5000) % 60000);
	}

	/** Writes the planes in row batches of {@code batch} rows, planes in stack order. */
	private static void write(StripTiffWriter out, int width, int height, int slices, int frames, int batch, int offset) {
		for (int t = 0; t < frames; t++)
			for (int z = 0; z < slices; z++)
				for (int y0 = 0; y0 < height; y0 += batch) {
					int rows = Math.min(batch, height - y0);
					int[] values = new int[rows * width];
					for (int r = 0; r < rows; r++)
						for (int x = 0; x < width; x++)
							values[r * width + x] = value(x, y0 + r, z, t, offset);
					out.rows(z, t, y0, rows, values);
				}
	}

	@Test
	void imageJOpensAHyperstackWithItsOrderValuesAndCalibration() {
		// 700 px of 16 bits: 187 rows a strip, so the 400 rows take three strips.
		int width = 700, height = 400, slices = 3, frames = 2;
		Path file = dir.resolve("labels.tif");
		try (StripTiffWriter out = new StripTiffWriter(file, false, width, height, slices, frames, 16, CAL)) {
			write(out, width, height, slices, frames, 37, 0);
		}
		assertEquals(List.of(file), files());
		ImagePlus imp = IJ.openImage(file.toString());
		assertEquals(List.of(width, height, 1, slices, frames, 16), List.of(imp.getWidth(), imp.getHeight(), imp.getNChannels(),
			imp.getNSlices(), imp.getNFrames(), imp.getBitDepth()));
		assertTrue(imp.isHyperStack());
		for (int t = 0; t < frames; t++)
			for (int z = 0; z < slices; z++) {
				var ip = imp.getStack().getProcessor(imp.getStackIndex(1, z + 1, t + 1));
				for (int y = 0; y < height; y += 13)
					for (int x = 0; x < width; x += 11)
						assertEquals(value(x, y, z, t, 0), ip.get(x, y), "z=" + z + " t=" + t + " at " + x + "," + y);
			}
		ij.measure.Calibration c = imp.getCalibration();
		assertEquals(CAL, new Calibration(c.pixelWidth, c.pixelHeight, c.pixelDepth, c.getUnit(), c.frameInterval, c.getTimeUnit()));

		try (TiffRegions back = new TiffRegions(file)) {
			assertEquals(CAL, back.calibration());
			AxisImage<?> region = back.read(690, 390, 10, 10, 2, 1);
			assertEquals(value(695, 399, 2, 1, 0), Fixtures.at(region, 5, 9, 0));
		}
	}

	@Test
	void labelsAbove65535AreWrittenAsExactFloats() {
		Path file = dir.resolve("many.tif");
		try (StripTiffWriter out = new StripTiffWriter(file, false, 50, 40, 2, 1, 32, Calibration.NONE)) {
			write(out, 50, 40, 2, 1, 40, 16_000_000);
		}
		ImagePlus imp = IJ.openImage(file.toString());
		assertEquals(List.of(32, 2, 1), List.of(imp.getBitDepth(), imp.getNSlices(), imp.getNFrames()));
		assertEquals(value(49, 39, 1, 0, 16_000_000), imp.getStack().getProcessor(2).getf(49, 39));
		assertEquals("pixel", imp.getCalibration().getUnit());
		assertFalse(imp.getCalibration().scaled());
	}

	@Test
	void aBigTiffIsReadBackButNotByImageJ() {
		Path file = dir.resolve("big.tif");
		try (StripTiffWriter out = new StripTiffWriter(file, false, 300, 200, 2, 2, 16, CAL, true)) {
			assertTrue(out.isBigTiff());
			write(out, 300, 200, 2, 2, 64, 0);
		}
		try (TiffRegions back = new TiffRegions(file)) {
			assertEquals(List.of(300L, 200L, 1, 2, 2, 16), List.of(back.width(), back.height(), back.channels(), back.slices(),
				back.frames(), back.bitsPerSample()));
			assertEquals(CAL, back.calibration());
			for (int t = 0; t < 2; t++)
				for (int z = 0; z < 2; z++) {
					AxisImage<?> region = back.read(100, 50, 120, 100, z, t);
					for (int y = 0; y < 100; y += 9)
						for (int x = 0; x < 120; x += 7)
							assertEquals(value(100 + x, 50 + y, z, t, 0), Fixtures.at(region, x, y, 0));
				}
		}
		// ImageJ 1.x reads classic TIFF only (Fiji opens BigTIFF with Bio-Formats).
		assertNull(IJ.openImage(file.toString()));
	}

	@Test
	void choosesBigTiffOnlyWhenTheFileWouldPass4GB() {
		StripTiffWriter small = new StripTiffWriter(dir.resolve("a.tif"), false, 32768, 32768, 1, 1, 16, Calibration.NONE);
		StripTiffWriter large = new StripTiffWriter(dir.resolve("b.tif"), false, 32768, 32768, 2, 1, 16, Calibration.NONE);
		assertEquals(List.of(false, true), List.of(small.isBigTiff(), large.isBigTiff()));
		small.discard();
		large.discard();
		assertEquals(List.of(), files());
	}

	@Test
	void anUnfinishedOrFailedImageLeavesNoFile() {
		Path file = dir.resolve("labels.tif");
		StripTiffWriter out = new StripTiffWriter(file, false, 20, 10, 2, 1, 16, Calibration.NONE);
		out.rows(0, 0, 0, 10, new int[200]);
		assertEquals(1, files().size()); // the temporary file
		assertThrows(IllegalStateException.class, out::close);
		assertEquals(List.of(), files());

		assertThrows(IllegalArgumentException.class, () -> {
			try (StripTiffWriter w = new StripTiffWriter(file, false, 20, 10, 1, 1, 16, Calibration.NONE)) {
				w.rows(0, 0, 0, 1, new int[20]);
				w.rows(0, 0, 2, 1, new int[20]); // row 1 skipped
			}
		});
		assertEquals(List.of(), files());

		assertThrows(IllegalArgumentException.class, () -> {
			try (StripTiffWriter w = new StripTiffWriter(file, false, 2, 1, 1, 1, 16, Calibration.NONE)) {
				w.rows(0, 0, 0, 1, new int[] { 1, 70000 });
			}
		});
		assertEquals(List.of(), files());
	}

	@Test
	void anExistingFileIsReplacedOnlyWhenAsked() throws IOException {
		Path file = Files.writeString(dir.resolve("labels.tif"), "mine");
		VisionJException e = assertThrows(VisionJException.class,
			() -> new StripTiffWriter(file, false, 2, 1, 1, 1, 16, Calibration.NONE));
		assertEquals("The file " + file + " already exists; turn on the 'overwrite' option to replace it, or choose another" +
			" output folder.", e.getMessage());
		assertEquals("mine", Files.readString(file));

		try (StripTiffWriter out = new StripTiffWriter(file, true, 2, 1, 1, 1, 16, Calibration.NONE)) {
			out.rows(0, 0, 0, 1, new int[] { 5, 6 });
		}
		assertEquals(6, IJ.openImage(file.toString()).getProcessor().get(1, 0));
		assertEquals(List.of(file), files());
	}

	private List<Path> files() {
		try (var s = Files.list(dir)) {
			return s.sorted().toList();
		}
		catch (IOException e) {
			throw new IllegalStateException(e);
		}
	}
}
