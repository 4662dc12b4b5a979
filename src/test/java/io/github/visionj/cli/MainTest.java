package io.github.visionj.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.ItemIO;
import org.scijava.plugin.Parameter;

class MainTest {

	static {
		System.setProperty("java.awt.headless", "true");
	}

	private final ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();

	private int run(String... args) {
		return new Main(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8))
			.run(args);
	}

	private String err() {
		return err.toString(StandardCharsets.UTF_8);
	}

	@Test
	void aFolderOfImagesIsSegmentedOneByOne(@TempDir Path dir) throws Exception {
		Path in = dir.resolve("in");
		Files.createDirectories(in);
		Files.copy(Path.of("src/test/resources/dsb2018/nuclei.png"), in.resolve("a.png"));
		Files.copy(Path.of("src/test/resources/dsb2018/nuclei.png"), in.resolve("b.png"));
		Files.writeString(in.resolve("broken.png"), "not an image");
		int code = run("instance", "--model", "nuclei-broad", "--input", in.toString(), "--output", dir.resolve("out").toString(),
			"--min-size", "20");
		assertEquals(1, code, err());
		assertTrue(err().contains("visionj: cannot read " + in.resolve("broken.png") +
			": ImageJ cannot open it as an image; check the file."), err());
		try (var files = Files.list(dir.resolve("out"))) {
			assertEquals(List.of("a_labels.tif", "a_overlay.png", "a_results.csv", "a_rois.zip", "b_labels.tif", "b_overlay.png",
				"b_results.csv", "b_rois.zip"), files.map(p -> p.getFileName().toString()).sorted().toList());
		}
		assertTrue(out.toString(StandardCharsets.UTF_8).contains("[3/3] broken.png"));
		assertTrue(err().contains("Predicting tiles 1/1"), err());
	}

	@Test
	void anInstanceOutputFolderIsEvaluatedAgainstTheTruthFolder(@TempDir Path dir) throws Exception {
		Path in = dir.resolve("in"), truth = dir.resolve("truth");
		Files.createDirectories(in);
		Files.createDirectories(truth);
		Files.copy(Path.of("src/test/resources/dsb2018/nuclei.png"), in.resolve("a.png"));
		Files.copy(Path.of("src/test/resources/dsb2018/nuclei_labels.tif"), truth.resolve("a.tif"));
		assertEquals(0, run("instance", "--model", "nuclei-broad", "--input", in.toString(), "--output", dir.resolve("out").toString()));
		out.reset();
		assertEquals(0, run("evaluate", "--pred", dir.resolve("out").toString(), "--truth", truth.toString(), "--output",
			dir.resolve("eval").toString()), err());
		String summary = out.toString(StandardCharsets.UTF_8);
		assertTrue(summary.startsWith("VisionJ evaluation of 1 image(s):"), summary);
		List<String> csv = Files.readAllLines(dir.resolve("eval/evaluation.csv"));
		assertEquals(1 + 9 + 9, csv.size());
		assertTrue(csv.get(1).startsWith("a,0.50,"), csv.get(1));
		assertEquals(2, run("evaluate", "--pred", "x", "--truth", "y", "--log", "z"));
	}

	@Test
	void mistakesOnTheCommandLineGetOneLineAndANonZeroExit(@TempDir Path dir) {
		assertEquals(2, run("segment"));
		assertEquals("visionj: unknown task 'segment'; choose one of [semantic, instance, detect, classify, evaluate, train] " +
			"(see --help).\n", err());
		err.reset();
		assertEquals(2, run("instance", "--model", "nuclei-broad", "--input", "x.png", "--output", dir.toString(), "--probabilty", "0.4"));
		assertEquals("visionj: unknown option --probabilty for task instance; see --help.\n", err());
		err.reset();
		assertEquals(2, run("semantic", "--model", "nuclei-broad", "--output", dir.toString()));
		assertEquals("visionj: --input is missing; give an image file or a folder of images.\n", err());
		err.reset();
		assertEquals(1, run("semantic", "--model", "nuclei-broad", "--input", "src/test/resources/dsb2018/histology.png",
			"--output", dir.toString()));
		assertTrue(err().endsWith("visionj: Model 'UNet 2D Nuclei Broad' expects 1 channel but the image has 3; convert it to " +
			"8-bit or 16-bit first (Image › Type) or split the channels.\n"), err());
	}

	@Test
	void helpListsTasksAndOptions() {
		assertEquals(0, run("--help"));
		String help = out.toString(StandardCharsets.UTF_8);
		for (String s : new String[] { "semantic", "instance", "detect", "classify", "evaluate", "--model", "--tile-size" })
			assertTrue(help.contains(s), s);
	}

	/**
	 * Every setting of every task is an option the help names, and none of them persists: a
	 * launcher or macro run that omits one must get its default, not an earlier run's value.
	 */
	@Test
	void helpNamesEverySettingAndNoSettingPersists() {
		run("--help");
		String help = out.toString(StandardCharsets.UTF_8);
		for (Class<?> task : Main.TASKS.values())
			for (Class<?> c = task; c != Object.class; c = c.getSuperclass())
				for (java.lang.reflect.Field f : c.getDeclaredFields()) {
					Parameter p = f.getAnnotation(Parameter.class);
					if (p == null || p.type() != ItemIO.INPUT || f.getName().equals("image") || !(f.getType().isPrimitive() ||
						f.getType() == String.class || f.getType() == java.io.File.class)) continue;
					String option = "--" + f.getName().replace('_', '-');
					assertTrue(help.contains(option), task.getSimpleName() + ": " + option + " is not in the help");
					assertFalse(p.persist(), task.getSimpleName() + ": " + f.getName() + " persists");
				}
	}
}
