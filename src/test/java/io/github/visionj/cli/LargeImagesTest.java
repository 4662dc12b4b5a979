package io.github.visionj.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Point;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Roi;
import ij.process.ByteProcessor;
import io.github.visionj.image.Calibration;
import io.github.visionj.output.RoiSets;
import io.github.visionj.tiff.StripTiffWriter;
import io.github.visionj.tiff.TiffRegions;

/**
 * Large inputs through the launcher: a plane segmented in blocks writes its labels, ROIs and rows
 * as it goes, with the same objects and values as the run in memory; BigTIFF and tiled TIFF are
 * read region by region; memory is bounded by the block (a forked JVM with a small heap).
 */
class LargeImagesTest {

	private static final String IDENTITY = "src/test/resources/models/identity";

	private final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();

	private int run(String... args) {
		return new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
			.run(args);
	}

	/** Disks of radius 5..20 on a 61-pixel grid, each of its own grey value (60..250), 0 between them. */
	static byte[] disks(int width, int height) {
		byte[] pixels = new byte[width * height];
		for (int cy = 30; cy < height - 20; cy += 61)
			for (int cx = 30; cx < width - 20; cx += 61) {
				int r = 5 + (cx * 7 + cy * 3) % 16, value = 60 + (cx + 3 * cy) % 191;
				for (int y = cy - r; y <= cy + r; y++)
					for (int x = cx - r; x <= cx + r; x++)
						if ((x - cx) * (x - cx) + (y - cy) * (y - cy) <= r * r) pixels[y * width + x] = (byte) value;
			}
		return pixels;
	}

	private static int diskCount(int width, int height) {
		return ((height - 51) / 61 + 1) * ((width - 51) / 61 + 1);
	}

	private static Path writeTiff(Path file, int width, int height) {
		ImagePlus image = new ImagePlus("disks", new ByteProcessor(width, height, disks(width, height)));
		image.getCalibration().pixelWidth = image.getCalibration().pixelHeight = 0.5;
		image.getCalibration().setUnit("µm");
		assertTrue(IJ.saveAsTiff(image, file.toString()));
		return file;
	}

	@Test
	void aPlaneInBlocksWritesTheSameLabelsRoisAndRowsAsInMemory(@TempDir Path dir) throws Exception {
		Path input = writeTiff(Files.createDirectories(dir.resolve("in")).resolve("big.tif"), 3000, 3000);
		assertEquals(0, run("instance", "--model", IDENTITY, "--input", input.toString(), "--output", dir.resolve("blocks").toString(),
			"--block-size", "512"), err.toString(StandardCharsets.UTF_8));
		assertEquals(0, run("instance", "--model", IDENTITY, "--input", input.toString(), "--output", dir.resolve("memory").toString()),
			err.toString(StandardCharsets.UTF_8));
		assertSameResults(dir.resolve("memory"), dir.resolve("blocks"), "big", diskCount(3000, 3000));
		// the streamed labels are 32-bit, those in memory 16-bit; the overlay is a preview of at most 2048 px
		assertEquals(32, IJ.openImage(dir.resolve("blocks/big_labels.tif").toString()).getBitDepth());
		BufferedImage overlay = ImageIO.read(dir.resolve("blocks/big_overlay.png").toFile());
		assertEquals(1500, overlay.getWidth());
	}

	@Test
	void semanticSegmentationInBlocksWritesTheSameClassesAreasAndPixelsAsInMemory(@TempDir Path dir) throws Exception {
		Path input = writeTiff(Files.createDirectories(dir.resolve("in")).resolve("big.tif"), 1500, 1200);
		assertEquals(0, run("semantic", "--model", IDENTITY, "--input", input.toString(), "--output", dir.resolve("blocks").toString(),
			"--block-size", "256"), err.toString(StandardCharsets.UTF_8));
		assertEquals(0, run("semantic", "--model", IDENTITY, "--input", input.toString(), "--output", dir.resolve("memory").toString()),
			err.toString(StandardCharsets.UTF_8));
		float[] memory = classes(dir.resolve("memory/big_classes.tif")), blocks = classes(dir.resolve("blocks/big_classes.tif"));
		assertArrayEquals(memory, blocks);
		assertEquals(Files.readAllLines(dir.resolve("memory/big_results.csv")), Files.readAllLines(dir.resolve("blocks/big_results.csv")));
		// one ROI of the class in memory; in blocks one per band of rows, covering the same pixels
		List<Roi> whole = RoiSets.read(dir.resolve("memory/big_rois.zip")), bands = RoiSets.read(dir.resolve("blocks/big_rois.zip"));
		assertEquals(List.of("blob"), whole.stream().map(Roi::getName).toList());
		assertTrue(bands.size() > 1);
		assertTrue(bands.stream().allMatch(r -> r.getName().startsWith("blob-y")), bands.get(0).getName());
		assertEquals(Arrays.stream(whole.get(0).getContainedPoints()).map(Point::toString).sorted().toList(),
			bands.stream().flatMap(r -> Arrays.stream(r.getContainedPoints())).map(Point::toString).sorted().toList());
	}

	private static float[] classes(Path file) {
		return labels(file);
	}

	@Test
	void bigTiffAndTiledTiffInputsAreReadRegionByRegion(@TempDir Path dir) throws Exception {
		int width = 1000, height = 800;
		byte[] pixels = disks(width, height);
		Path in = Files.createDirectories(dir.resolve("in"));
		writeTiff(in.resolve("plain.tif"), width, height);
		// a BigTIFF of 16-bit values (StripTiffWriter's forced BigTIFF)
		Constructor<StripTiffWriter> forced = StripTiffWriter.class.getDeclaredConstructor(Path.class, boolean.class, long.class,
			long.class, int.class, int.class, int.class, Calibration.class, boolean.class);
		forced.setAccessible(true);
		try (StripTiffWriter big = forced.newInstance(in.resolve("big.tif"), false, width, height, 1, 1, 16,
			new Calibration(0.5, 0.5, 1, "µm", 1, "s"), true)) {
			int[] values = new int[pixels.length];
			for (int i = 0; i < values.length; i++)
				values[i] = pixels[i] & 0xff;
			big.rows(0, 0, 0, height, values);
		}
		// a tiled TIFF (JDK's TIFF writer), which ImageJ 1.x cannot open
		BufferedImage grey = new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY);
		grey.getRaster().setDataElements(0, 0, width, height, pixels);
		ImageWriter writer = ImageIO.getImageWritersByFormatName("tiff").next();
		try (ImageOutputStream stream = ImageIO.createImageOutputStream(in.resolve("tiled.tif").toFile())) {
			writer.setOutput(stream);
			ImageWriteParam param = writer.getDefaultWriteParam();
			param.setTilingMode(ImageWriteParam.MODE_EXPLICIT);
			param.setTiling(256, 256, 0, 0);
			writer.write(null, new IIOImage(grey, null, null), param);
		}
		assertEquals(null, IJ.openImage(in.resolve("tiled.tif").toString()));

		assertEquals(0, run("instance", "--model", IDENTITY, "--input", in.toString(), "--output", dir.resolve("out").toString(),
			"--block-size", "256"), err.toString(StandardCharsets.UTF_8));
		float[] plain = labels(dir.resolve("out/plain_labels.tif"));
		assertArrayEquals(plain, labels(dir.resolve("out/big_labels.tif")));
		assertArrayEquals(plain, labels(dir.resolve("out/tiled_labels.tif")));
		assertEquals(diskCount(width, height), Arrays.stream(toInts(plain)).max().orElse(0));
		// the 16-bit BigTIFF holds the same values, so its rows are those of the 8-bit file
		assertEquals(csvRows(dir.resolve("out/plain_results.csv")), csvRows(dir.resolve("out/big_results.csv")));
		// the tiled file has no calibration: its rows are in pixels
		assertEquals(csvRows(dir.resolve("out/plain_results.csv")).size(), csvRows(dir.resolve("out/tiled_results.csv")).size());
	}

	@Test
	void aFailingRunInBlocksLeavesNoFiles(@TempDir Path dir) throws Exception {
		Path input = writeTiff(Files.createDirectories(dir.resolve("in")).resolve("cut.tif"), 5000, 5000);
		// the file ends in the middle of its pixels: the blocks below its end fail to read, after the first ones wrote
		try (FileChannel channel = FileChannel.open(input, StandardOpenOption.WRITE)) {
			channel.truncate(channel.size() / 2);
		}
		Path output = Files.createDirectories(dir.resolve("out"));
		assertEquals(1, run("instance", "--model", IDENTITY, "--input", input.toString(), "--output", output.toString(),
			"--block-size", "1024"));
		assertTrue(err.toString(StandardCharsets.UTF_8).contains("Cannot read page 1 of"), err.toString(StandardCharsets.UTF_8));
		try (Stream<Path> files = Files.list(output)) {
			assertEquals(List.of(), files.toList());
		}
	}

	/**
	 * A 6000² image, whose label image, ROIs and overlay in memory alone would take more than
	 * 256 MB, segmented by the launcher in a JVM of 256 MB: it is read from the file and written
	 * block by block.
	 */
	@Test
	void aLargeImageRunsInASmallHeap(@TempDir Path dir) throws Exception {
		int size = 6000;
		Path input = writeTiff(Files.createDirectories(dir.resolve("in")).resolve("large.tif"), size, size);
		Path output = dir.resolve("out");
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process process = new ProcessBuilder(java, "-Xmx256m", "-Dai.djl.offline=true", "-cp", System.getProperty("java.class.path"),
			Main.class.getName(), "instance", "--model", IDENTITY, "--input", input.toString(), "--output", output.toString())
			.redirectErrorStream(true).redirectOutput(dir.resolve("log.txt").toFile()).start();
		assertTrue(process.waitFor(10, TimeUnit.MINUTES));
		assertEquals(0, process.exitValue(), Files.readString(dir.resolve("log.txt")));
		assertEquals(diskCount(size, size), csvRows(output.resolve("large_results.csv")).size());
		try (TiffRegions labels = new TiffRegions(output.resolve("large_labels.tif"))) {
			assertEquals(size, labels.width());
			assertEquals(32, labels.bitsPerSample());
		}
		assertEquals(diskCount(size, size), RoiSets.read(output.resolve("large_rois.zip")).size());
	}

	/** Same objects (labels up to renumbering), same ROIs and same rows (names renumbered alike). */
	private static void assertSameResults(Path expected, Path actual, String name, int objects) throws Exception {
		float[] e = labels(expected.resolve(name + "_labels.tif")), a = labels(actual.resolve(name + "_labels.tif"));
		Map<Integer, Integer> renumber = new HashMap<>();
		for (int i = 0; i < e.length; i++) {
			assertEquals(e[i] == 0, a[i] == 0, "pixel " + i);
			if (a[i] == 0) continue;
			Integer before = renumber.putIfAbsent((int) a[i], (int) e[i]);
			assertTrue(before == null || before == (int) e[i], "label " + a[i] + " covers two objects");
		}
		assertEquals(objects, renumber.size());
		assertEquals(objects, renumber.values().stream().distinct().count());

		List<String> expectedRows = csvRows(expected.resolve(name + "_results.csv"));
		List<String> actualRows = csvRows(actual.resolve(name + "_results.csv")).stream().map(r -> renamed(r, renumber)).sorted()
			.toList();
		assertEquals(Files.readAllLines(expected.resolve(name + "_results.csv")).get(0),
			Files.readAllLines(actual.resolve(name + "_results.csv")).get(0));
		List<String> sortedExpected = expectedRows.stream().sorted().toList();
		assertEquals(sortedExpected.size(), actualRows.size());
		// equal values; a streamed row formats its numbers on its own (ImageJ gives a column with a fraction 3 decimals)
		for (int i = 0; i < actualRows.size(); i++)
			assertArrayEquals(values(sortedExpected.get(i)), values(actualRows.get(i)), actualRows.get(i));

		Map<String, Roi> expectedRois = RoiSets.read(expected.resolve(name + "_rois.zip")).stream()
			.collect(Collectors.toMap(Roi::getName, r -> r));
		List<Roi> actualRois = RoiSets.read(actual.resolve(name + "_rois.zip"));
		assertEquals(objects, actualRois.size());
		for (Roi roi : actualRois) {
			Roi same = expectedRois.get(renamed(roi.getName(), renumber));
			assertNotNull(same, roi.getName());
			assertEquals(same.getBounds(), roi.getBounds());
			assertEquals(Arrays.stream(same.getContainedPoints()).map(Point::toString).toList(),
				Arrays.stream(roi.getContainedPoints()).map(Point::toString).toList());
		}
	}

	/** "blob-0012,…" with the label renumbered: "blob-0007,…". */
	private static String renamed(String row, Map<Integer, Integer> renumber) {
		int dash = row.indexOf('-'), end = dash + 1;
		while (end < row.length() && Character.isDigit(row.charAt(end)))
			end++;
		int label = Integer.parseInt(row.substring(dash + 1, end));
		return row.substring(0, dash + 1) + String.format("%04d", renumber.get(label)) + row.substring(end);
	}

	private static Object[] values(String row) {
		return Arrays.stream(row.split(",")).map(f -> f.matches("-?[0-9.]+") ? (Object) Double.valueOf(f) : f).toArray();
	}

	private static List<String> csvRows(Path csv) throws Exception {
		List<String> lines = Files.readAllLines(csv);
		return lines.subList(1, lines.size());
	}

	private static float[] labels(Path file) {
		ImagePlus image = IJ.openImage(file.toString());
		assertNotNull(image, file.toString());
		return (float[]) image.getProcessor().convertToFloatProcessor().getPixels();
	}

	private static int[] toInts(float[] values) {
		int[] ints = new int[values.length];
		for (int i = 0; i < ints.length; i++)
			ints[i] = (int) values[i];
		return ints;
	}
}
