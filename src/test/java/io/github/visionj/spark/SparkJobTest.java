package io.github.visionj.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import ij.process.ByteProcessor;
import io.github.visionj.cli.Launcher;

/** The Spark job on a local master with two executor threads, against the launcher. */
class SparkJobTest {

	private final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();

	@BeforeAll
	static void localMaster() {
		System.setProperty("java.awt.headless", "true");
		System.setProperty("spark.master", "local[2]");
		System.setProperty("spark.ui.enabled", "false");
	}

	@AfterAll
	static void noMaster() {
		System.clearProperty("spark.master");
		System.clearProperty("spark.ui.enabled");
	}

	private int spark(String... args) {
		out.reset();
		err.reset();
		return new SparkJob(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
			.run(args);
	}

	private String out() {
		return out.toString(StandardCharsets.UTF_8);
	}

	/** The two small samples of src/test/resources/dsb2018 (the 1024² one would only make the test slower). */
	private static Path samples(Path folder) throws Exception {
		Files.createDirectories(folder);
		for (String name : List.of("nuclei.png", "histology.png"))
			Files.copy(Path.of("src/test/resources/dsb2018", name), folder.resolve(name));
		return folder;
	}

	private static List<String> files(Path folder) throws Exception {
		try (var files = Files.list(folder)) {
			return files.map(p -> p.getFileName().toString()).sorted().toList();
		}
	}

	/** The objects of an image: the data lines of its results table. */
	private static int rows(Path folder, String name) throws Exception {
		return Files.readAllLines(folder.resolve(name + "_results.csv")).size() - 1;
	}

	/** The summary without its seconds, which vary. */
	private static List<String> summary(Path folder) throws Exception {
		return Files.readAllLines(folder.resolve(SparkJob.SUMMARY)).stream().map(l -> l.replaceFirst("^([^,]*,[^,]*,[^,]*),[0-9.]+,", "$1,"))
			.toList();
	}

	/**
	 * The job writes byte for byte the launcher's files (label images, tables, overlays; ROI zips
	 * hold their time of writing); an input that cannot be read is reported and the others finish.
	 */
	@Test
	void aFolderGivesTheLaunchersFilesAndAFailingInputIsReported(@TempDir Path dir) throws Exception {
		Path in = samples(dir.resolve("in")), launcher = dir.resolve("launcher"), job = dir.resolve("spark");
		Files.writeString(in.resolve("broken.tif"), "not an image");
		assertEquals(1, Launcher.run("instance", "--model", "nuclei", "--input", in.toString(), "--output", launcher.toString()));
		assertEquals(1, spark("instance", "--model", "nuclei", "--input", in.toString(), "--output", job.toString()), out());

		List<String> results = files(launcher), all = files(job);
		assertEquals(List.of("histology_labels.tif", "histology_overlay.png", "histology_results.csv", "histology_rois.zip",
			"nuclei_labels.tif", "nuclei_overlay.png", "nuclei_results.csv", "nuclei_rois.zip"), results);
		assertEquals(SparkJob.SUMMARY, all.get(all.size() - 1));
		assertTrue(all.get(all.size() - 2).matches("visionj-spark-\\d{8}-\\d{6}\\.log"), all.toString());
		assertEquals(results, all.subList(0, all.size() - 2));
		for (String f : results)
			if (!f.endsWith(".zip")) assertArrayEquals(Files.readAllBytes(launcher.resolve(f)), Files.readAllBytes(job.resolve(f)), f);
		int h = rows(launcher, "histology"), n = rows(launcher, "nuclei");
		assertTrue(h > 20 && n > 20, h + " " + n);
		assertEquals(List.of("file,status,objects,seconds,message",
			"broken.tif,failed,0,cannot read " + in.resolve("broken.tif").toAbsolutePath() + ": ImageJ cannot open it as an image; check the file.",
			"histology.png,ok," + h + ",", "nuclei.png,ok," + n + ","), summary(job));
		String log = Files.readString(job.resolve(all.get(all.size() - 2)));
		assertTrue(log.contains("] nuclei.png: ok, " + n + " objects, "), log);
		assertTrue(log.contains("2 done, 0 skipped, 1 failed of 3 input(s); summary: "), log);
	}

	/** A rerun after one result file was deleted redoes that input only (here given as a list of the same files). */
	@Test
	void aRerunRedoesOnlyInputsWithMissingResults(@TempDir Path dir) throws Exception {
		Path in = samples(dir.resolve("in")), job = dir.resolve("spark");
		String[] args = { "instance", "--model", "nuclei", "--input", in.toString(), "--output", job.toString() };
		assertEquals(0, spark(args), out());
		byte[] labels = Files.readAllBytes(job.resolve("histology_labels.tif"));
		Files.delete(job.resolve("histology_labels.tif"));
		FileTime before = Files.getLastModifiedTime(job.resolve("nuclei_labels.tif"));
		// the same inputs as a list, relative to its folder
		Files.writeString(in.resolve("list.txt"), "# plate 1\nhistology.png\n\nnuclei.png\n");
		args[4] = in.resolve("list.txt").toString();
		assertEquals(0, spark(args), out());
		int h = rows(job, "histology"), n = rows(job, "nuclei");
		assertEquals(List.of("file,status,objects,seconds,message", "histology.png,ok," + h + ",", "nuclei.png,skipped," + n + ","),
			summary(job));
		assertArrayEquals(labels, Files.readAllBytes(job.resolve("histology_labels.tif")));
		assertEquals(before, Files.getLastModifiedTime(job.resolve("nuclei_labels.tif")));
		assertTrue(out().contains("1 done, 1 skipped, 0 failed of 2 input(s)"), out());
	}

	/** A 2000² TIFF of disks (value 1: the identity model's foreground), some on the borders of blocks of 512. */
	private static Path bigImage(Path file) throws Exception {
		int w = 2000, h = 2000;
		byte[] pixels = new byte[w * h];
		List<int[]> disks = new ArrayList<>();
		for (int y = 40; y < h - 40; y += 97)
			for (int x = 40; x < w - 40; x += 97)
				disks.add(new int[] { x, y, 5 + (x * 7 + y * 3) % 16 });
		for (int b = 512; b < w; b += 512)
			for (int k = 60; k < h - 60; k += 300) {
				disks.add(new int[] { b, k, 18 });
				disks.add(new int[] { k + 30, b, 18 });
			}
		for (int[] d : disks)
			for (int y = Math.max(0, d[1] - d[2]); y <= Math.min(h - 1, d[1] + d[2]); y++)
				for (int x = Math.max(0, d[0] - d[2]); x <= Math.min(w - 1, d[0] + d[2]); x++)
					if ((x - d[0]) * (x - d[0]) + (y - d[1]) * (y - d[1]) <= d[2] * d[2]) pixels[y * w + x] = 1;
		Files.createDirectories(file.getParent());
		assertTrue(IJ.saveAsTiff(new ImagePlus("big", new ByteProcessor(w, h, pixels)), file.toString()));
		return file;
	}

	/**
	 * A huge image in blocks gives byte for byte the files of the launcher's block-wise run with the
	 * same block size; a block that fails is reported (and no results written), and a rerun redoes
	 * only the blocks without a result file.
	 */
	@Test
	void aHugeImageInBlocksGivesTheLaunchersFilesAndResumesPerBlock(@TempDir Path dir) throws Exception {
		Path big = bigImage(dir.resolve("in/big.tif")), job = dir.resolve("spark"), launcher = dir.resolve("launcher");
		String model = Path.of("src/test/resources/models/identity").toString();
		assertEquals(0, Launcher.run("instance", "--model", model, "--input", big.toString(), "--output", launcher.toString(),
			"--block-size", "512"));
		List<String> results = files(launcher);
		assertEquals(List.of("big_labels.tif", "big_overlay.png", "big_results.csv", "big_rois.zip"), results);
		int objects = rows(launcher, "big");
		assertTrue(objects > 400, objects + " objects");

		String[] args = { "instance", "--model", model, "--input", big.toString(), "--output", job.toString(), "--blocks", "512" };
		// a block whose result cannot be stored (a folder in its place) fails; the others are kept
		Path blocks = job.resolve(".visionj-blocks/big"), stuck = blocks.resolve("z0-t0-b5.bin");
		Files.createDirectories(stuck.resolve("in the way"));
		assertEquals(1, spark(args), out());
		List<String> summary = summary(job);
		assertEquals(2, summary.size(), summary.toString());
		assertTrue(summary.get(1).startsWith("big.tif,failed,0,1 of 16 blocks failed (big.tif z0-t0-b5.bin: "), summary.toString());
		assertTrue(out().contains("big.tif: blocks 15 done, 0 skipped, 1 failed of 16"), out());
		for (String f : results)
			assertTrue(Files.notExists(job.resolve(f)), f);

		Files.delete(stuck.resolve("in the way"));
		Files.delete(stuck);
		Files.delete(blocks.resolve("z0-t0-b9.bin"));
		assertEquals(0, spark(args), out());
		assertTrue(out().contains("big.tif: blocks 2 done, 14 skipped, 0 failed of 16"), out());
		assertEquals(List.of("file,status,objects,seconds,message", "big.tif,ok," + objects + ","), summary(job));
		for (String f : results)
			if (!f.endsWith(".zip")) assertArrayEquals(Files.readAllBytes(launcher.resolve(f)), Files.readAllBytes(job.resolve(f)), f);
		assertEquals(Files.size(launcher.resolve("big_rois.zip")), Files.size(job.resolve("big_rois.zip")));
		assertTrue(Files.notExists(job.resolve(".visionj-blocks")), "the block files are removed once the results are written");

		assertEquals(0, spark(args), out());
		assertEquals(List.of("file,status,objects,seconds,message", "big.tif,skipped," + objects + ","), summary(job));

		args[args.length - 1] = "32";
		assertEquals(2, spark(args));
		assertEquals("visionj: --blocks is the edge of the blocks in pixels, at least 64, not '32'.\n",
			err.toString(StandardCharsets.UTF_8));
		args[0] = "semantic";
		args[args.length - 1] = "512";
		assertEquals(2, spark(args));
		assertEquals("visionj: --blocks segments one huge image with the instance task, not semantic; leave --blocks out.\n",
			err.toString(StandardCharsets.UTF_8));
	}

	@Test
	void mistakesAreReportedBeforeAnyWork(@TempDir Path dir) throws Exception {
		Path in = samples(dir.resolve("in")), job = dir.resolve("spark");
		assertEquals(2, spark("evaluate", "--pred", in.toString(), "--truth", in.toString(), "--output", job.toString()));
		assertEquals("visionj: the Spark job runs semantic, instance, detect or classify, not evaluate; run evaluate with java -jar " +
			"visionj.jar.\n", err.toString(StandardCharsets.UTF_8));
		Files.writeString(in.resolve("list.txt"), "nuclei.png\nmissing.png\n");
		assertEquals(2, spark("instance", "--input", in.resolve("list.txt").toString(), "--output", job.toString()));
		assertEquals("visionj: the list " + in.resolve("list.txt") + " names missing.png, which is not a file; correct the list " +
			"(one image path per line, relative to the list's folder).\n", err.toString(StandardCharsets.UTF_8));
		System.clearProperty("spark.master");
		try {
			assertEquals(2, spark("instance", "--input", in.toString(), "--output", job.toString()));
		}
		finally {
			System.setProperty("spark.master", "local[2]");
		}
		assertEquals("visionj: no Spark master is set; run the job with spark-submit --master …, or give Java " +
			"-Dspark.master=local[*].\n", err.toString(StandardCharsets.UTF_8));
		assertTrue(Files.notExists(job));
	}
}
