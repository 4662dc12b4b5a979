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
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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
