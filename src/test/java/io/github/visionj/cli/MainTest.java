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

import io.github.visionj.pipeline.ModelCopies;

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
		assertTrue(err().endsWith("visionj: 1 of 3 input(s) failed: broken.png.\n"), err());
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

	/** The bioimage.io specification's example models (fixed, half, four times the size, two inputs) pass {@code check}. */
	@Test
	void theSpecificationsExampleModelsReproduceTheirTestOutputs() {
		for (String model : List.of("unet2d_fixed_shape", "unet2d_diff_output_shape", "upsample_test_model", "unet2d_multi_tensor")) {
			out.reset();
			assertEquals(0, run("check", "--model", "src/test/resources/models-external/" + model), model + ": " + err() + out);
			assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("torchscript: passed: "), model + ": " + out);
		}
	}

	@Test
	void checkPrintsAVerdictPerWeightsFormat(@TempDir Path dir) throws Exception {
		assertEquals(0, run("check", "--model", "nuclei-broad"), err());
		List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
		assertEquals(2, lines.size(), lines.toString());
		assertTrue(lines.get(0).startsWith("torchscript: passed: UNet 2D Nuclei Broad (torchscript weights weights.pt) " +
			"reproduces its test outputs (max |difference| "), lines.get(0));
		assertTrue(lines.get(1).startsWith("onnx: passed: UNet 2D Nuclei Broad (onnx weights weights.onnx) " +
			"reproduces its test outputs (max |difference| "), lines.get(1));
		out.reset();

		Path altered = ModelCopies.withTestOutputShifted(ModelCopies.IDENTITY, dir, 0.25f);
		assertEquals(1, run("check", "--model", altered.toString()));
		assertTrue(out.toString(StandardCharsets.UTF_8).startsWith("torchscript: FAILED: identity (torchscript weights " +
			"weights.pt) does not reproduce its test output 'probability': max |difference| 0.250, "), out.toString());
		out.reset();
		assertEquals(1, run("check", "--model", altered.toString(), "--weights", "onnx"));
		assertEquals("onnx: cannot check: The model " + altered.resolve("bioimageio.yaml") + " has no onnx weights; choose " +
			"the weights it offers (torchscript) or auto.\n", out.toString(StandardCharsets.UTF_8));
		assertEquals(2, run("check"));
		assertEquals("visionj: --model is missing; give a bundled model id or a bioimage.io model folder or .zip.\n", err());
	}

	@Test
	void aModelFailingItsSelfCheckWarnsOrWithStrictCheckFails(@TempDir Path dir) throws Exception {
		Path altered = ModelCopies.withTestOutputShifted(ModelCopies.IDENTITY, dir, 0.25f);
		Files.copy(Path.of("src/test/resources/dsb2018/nuclei.png"), dir.resolve("a.png"));
		PrintStream stderr = System.err;
		ByteArrayOutputStream logged = new ByteArrayOutputStream();
		System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
		try {
			assertEquals(0, run("instance", "--model", altered.toString(), "--input", dir.resolve("a.png").toString(),
				"--output", dir.resolve("out").toString()), err());
		}
		finally {
			System.setErr(stderr);
		}
		assertTrue(logged.toString(StandardCharsets.UTF_8).contains("VisionJ: identity (torchscript weights weights.pt) " +
			"does not reproduce its test output 'probability': max |difference| 0.250"), logged.toString(StandardCharsets.UTF_8));
		assertEquals(1, run("instance", "--model", altered.toString(), "--input", dir.resolve("a.png").toString(),
			"--output", dir.resolve("out2").toString(), "--strict-check"));
		assertTrue(err().endsWith("visionj: a.png: identity (torchscript weights weights.pt) does not reproduce its test output " +
			"'probability': max |difference| 0.250, 1024 of 1024 values differ by more than 0.000100 + 0.00100·|expected| " +
			"(100 per million allowed); the weights, the description or this engine's arithmetic are wrong: do not trust " +
			"its results.\n"), err());
	}

	@Test
	void theWeightsOptionRunsTheOnnxWeights(@TempDir Path dir) throws Exception {
		Files.copy(Path.of("src/test/resources/dsb2018/nuclei.png"), dir.resolve("a.png"));
		for (String weights : new String[] { "onnx", "torchscript" })
			assertEquals(0, run("semantic", "--model", "nuclei-broad", "--weights", weights, "--input",
				dir.resolve("a.png").toString(), "--output", dir.resolve(weights).toString()), err());
		assertEquals(Files.readString(dir.resolve("torchscript/a_results.csv")), Files.readString(dir.resolve("onnx/a_results.csv")));
		assertEquals(2, run("semantic", "--model", "nuclei-broad", "--weights", "tensorflow", "--input",
			dir.resolve("a.png").toString(), "--output", dir.resolve("x").toString()));
		assertTrue(err().endsWith("visionj: --weights must be one of auto, torchscript, onnx, not 'tensorflow'.\n"), err());
	}

	@Test
	void mistakesOnTheCommandLineGetOneLineAndANonZeroExit(@TempDir Path dir) {
		assertEquals(2, run("segment"));
		assertEquals("visionj: unknown task 'segment'; choose one of [semantic, instance, detect, classify, evaluate, train] " +
			"or check (see --help).\n", err());
		err.reset();
		assertEquals(2, run("instance", "--model", "nuclei-broad", "--input", "x.png", "--output", dir.toString(), "--probabilty", "0.4"));
		assertEquals("visionj: unknown option --probabilty for task instance; see --help.\n", err());
		err.reset();
		assertEquals(2, run("semantic", "--model", "nuclei-broad", "--output", dir.toString()));
		assertEquals("visionj: --input is missing; give an image file or a folder of images.\n", err());
		err.reset();
		assertEquals(1, run("semantic", "--model", "nuclei-broad", "--input", "src/test/resources/dsb2018/histology.png",
			"--output", dir.toString()));
		assertTrue(err().endsWith("visionj: histology.png: Model 'UNet 2D Nuclei Broad' expects 1 channel but the image has 3; convert it to " +
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

	private static Path nuclei(Path folder, String name) throws Exception {
		Files.createDirectories(folder);
		return Files.copy(Path.of("src/test/resources/dsb2018/nuclei.png"), folder.resolve(name));
	}

	private static List<String> files(Path folder) throws Exception {
		try (var files = Files.list(folder)) {
			return files.map(p -> p.getFileName().toString()).sorted().toList();
		}
	}

	/** Numbers the launcher cannot read, or outside the range the parameter declares, were replaced by defaults. */
	@Test
	void numbersAreReadStrictlyAndCheckedBeforeAnyWork(@TempDir Path dir) throws Exception {
		Path image = nuclei(dir, "a.png"), out = dir.resolve("out");
		String[][] cases = {
			{ "--probability", "0,9", "--probability must be a number from 0 to 0.99, not '0,9'." },
			{ "--probability", "abc", "--probability must be a number from 0 to 0.99, not 'abc'." },
			{ "--probability", "-1", "--probability must be a number from 0 to 0.99, not -1." },
			{ "--probability", "NaN", "--probability must be a number from 0 to 0.99, not 'NaN'." },
			{ "--tile-size", "12x", "--tile-size must be a whole number of at least 0, not '12x'." },
			{ "--min-size", "99999999999", "--min-size must be a whole number of at least -1, not '99999999999'." },
			{ "--link-z", "yes", "--link-z is true or false, not 'yes'." },
			{ "--skip-existing", "1", "--skip-existing is true or false, not '1'." } };
		for (String[] c : cases) {
			err.reset();
			assertEquals(2, run("instance", "--model", "nuclei-broad", "--input", image.toString(), "--output", out.toString(), c[0],
				c[1]), c[0] + " " + c[1]);
			assertEquals("visionj: " + c[2] + "\n", err());
		}
		assertFalse(Files.exists(out));
		assertEquals(0, run("instance", "--model", "nuclei-broad", "--input", image.toString(), "--output", out.toString(),
			"--probability", "4.5e-1", "--link-iou", "1"), err());
	}

	/** Inputs whose results would share names once overwrote each other's (x.png and x.tif; "a b.png" and "ab.tif"). */
	@Test
	void inputsWhoseResultsWouldShareNamesAreRefusedBeforeAnyWork(@TempDir Path dir) throws Exception {
		Path in = dir.resolve("in");
		nuclei(in, "x.png");
		nuclei(in, "x.tif");
		nuclei(in, "a b.png");
		nuclei(in, "ab.tif");
		nuclei(in, "c.png");
		assertEquals(2, run("instance", "--model", "nuclei-broad", "--input", in.toString(), "--output", dir.resolve("out").toString()));
		assertEquals("visionj: the results of a b.png and ab.tif; of x.png and x.tif would have the same file names (the name " +
			"without extension and spaces); rename them or put them in separate folders.\n", err());
		assertFalse(Files.exists(dir.resolve("out")));
	}

	/**
	 * An image too large for memory (here a 1 KB TIFF header claiming 40000 x 40000 32-bit
	 * pixels, 6.4 GB) once ended the batch with a stack trace; a folder named like an image and a
	 * named pipe (which blocked the batch forever) were listed as images.
	 */
	@Test
	void everyInputIsProcessedOrReportedAndOnlyFilesAreInputs(@TempDir Path dir) throws Exception {
		Path in = dir.resolve("in");
		nuclei(in, "a.png");
		Files.write(in.resolve("big.tif"), tiffHeader(40000, 40000));
		nuclei(in, "c.png");
		nuclei(in, "c_output-probability.tif"); // a model output map of an earlier run (raw_maps), not an input
		Files.createDirectories(in.resolve("folder.tif"));
		boolean fifo = new ProcessBuilder("mkfifo", in.resolve("pipe.tif").toString()).start().waitFor() == 0;
		assertEquals(1, run("instance", "--model", "nuclei-broad", "--input", in.toString(), "--output", dir.resolve("out").toString()));
		assertEquals(List.of("[1/3] a.png", "[2/3] big.tif", "[3/3] c.png"), out.toString(StandardCharsets.UTF_8).lines().toList());
		List<String> failures = err().lines().filter(l -> l.startsWith("visionj:")).toList();
		assertEquals(2, failures.size(), err());
		// a TIFF too large for memory is read region by region: this one has no pixels
		assertTrue(failures.get(0).startsWith("visionj: big.tif: Cannot read page 1 of " + in.resolve("big.tif") + " ("), err());
		assertTrue(failures.get(0).endsWith("the file may be truncated or damaged: check that it opens in Fiji."), err());
		assertEquals("visionj: 1 of 3 input(s) failed: big.tif.", failures.get(1));
		assertEquals(List.of("a_labels.tif", "a_overlay.png", "a_results.csv", "a_rois.zip", "c_labels.tif", "c_overlay.png",
			"c_results.csv", "c_rois.zip"), files(dir.resolve("out")));
		if (fifo) {
			err.reset();
			assertEquals(2, run("instance", "--input", in.resolve("pipe.tif").toString(), "--output", dir.toString()));
			assertEquals("visionj: the input " + in.resolve("pipe.tif") + " is not a regular file; give an image file or a folder " +
				"of images.\n", err());
		}
	}

	/** A little-endian TIFF with one uncompressed 32-bit float strip of the given size, and no pixels. */
	private static byte[] tiffHeader(int width, int height) {
		java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(256).order(java.nio.ByteOrder.LITTLE_ENDIAN);
		b.put((byte) 'I').put((byte) 'I').putShort((short) 42).putInt(8);
		int[][] tags = { { 256, 4, width }, { 257, 4, height }, { 258, 3, 32 }, { 259, 3, 1 }, { 262, 3, 1 }, { 273, 4, 200 },
			{ 277, 3, 1 }, { 278, 4, height }, { 279, 4, -1 }, { 339, 3, 3 } };
		b.putShort((short) tags.length);
		for (int[] t : tags) {
			b.putShort((short) t[0]).putShort((short) t[1]).putInt(1);
			if (t[1] == 3) b.putShort((short) t[2]).putShort((short) 0);
			else b.putInt(t[2]);
		}
		return b.putInt(0).array();
	}

	/**
	 * A killed run leaves an image with some of its results and hidden temporary files; with
	 * --skip-existing a rerun redoes that image, skips the complete ones and removes the leftovers.
	 */
	@Test
	void skipExistingRedoesOnlyImagesWithMissingResults(@TempDir Path dir) throws Exception {
		Path in = dir.resolve("in"), results = dir.resolve("out");
		nuclei(in, "a.png");
		nuclei(in, "b.png");
		String[] args = { "instance", "--model", "nuclei-broad", "--input", in.toString(), "--output", results.toString() };
		assertEquals(0, run(args), err());
		Files.delete(results.resolve("a_overlay.png"));
		Files.writeString(results.resolve(".visionj-1x2y-a_labels.tif"), "half");
		Files.writeString(results.resolve(".visionj-3z-b_rois.zip"), "half");
		Files.writeString(results.resolve(".visionj-3z-mine.txt"), "not a result of this batch");
		java.nio.file.attribute.FileTime before = Files.getLastModifiedTime(results.resolve("b_labels.tif"));
		out.reset();
		assertEquals(0, run(args[0], args[1], args[2], args[3], args[4], args[5], args[6], "--skip-existing"), err());
		assertEquals(List.of("[1/2] a.png", "[2/2] b.png", "  all its results exist; skipped",
			"1 of 2 input(s) skipped: all their results exist."), out.toString(StandardCharsets.UTF_8).lines().toList());
		assertEquals(List.of(".visionj-3z-mine.txt", "a_labels.tif", "a_overlay.png", "a_results.csv", "a_rois.zip", "b_labels.tif",
			"b_overlay.png", "b_results.csv", "b_rois.zip"), files(results));
		assertEquals(before, Files.getLastModifiedTime(results.resolve("b_labels.tif")));
	}

	/**
	 * Ctrl-C or kill (here SIGTERM; both shut Java down the same way) once printed "unexpected
	 * error: null" for each remaining image: now one line, a non-zero exit, no temporary files.
	 */
	@Test
	void aSignalEndsTheBatchWithOneLineAndNoTemporaryFiles(@TempDir Path dir) throws Exception {
		Path in = dir.resolve("in"), results = dir.resolve("out");
		for (int i = 1; i <= 6; i++)
			nuclei(in, "n" + i + ".png");
		Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
			System.getProperty("java.class.path"), Main.class.getName(), "instance", "--model", "nuclei-broad", "--input",
			in.toString(), "--output", results.toString()).redirectError(dir.resolve("err.txt").toFile()).start();
		try (var lines = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
			// stopped while the second image is processed
			for (String line; (line = lines.readLine()) != null && !line.startsWith("[2/6]");) {}
			p.destroy();
			assertTrue(p.waitFor() != 0);
		}
		List<String> messages = Files.readAllLines(dir.resolve("err.txt")).stream().map(l -> l.substring(l.lastIndexOf('\r') + 1))
			.filter(l -> l.startsWith("visionj:")).toList();
		assertEquals(1, messages.size(), messages.toString());
		assertTrue(messages.get(0).matches("visionj: stopped by a signal after [12] of 6 input\\(s\\); run again with " +
			"--skip-existing to process the rest\\."), messages.get(0));
		assertTrue(files(results).stream().noneMatch(f -> f.startsWith(".")), files(results).toString());
	}
}
