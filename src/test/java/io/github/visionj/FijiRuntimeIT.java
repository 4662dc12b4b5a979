package io.github.visionj;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import ij.measure.ResultsTable;
import io.github.visionj.output.RoiSets;

/**
 * Acceptance tests in a real ImageJ2 + imagej-legacy runtime ({@code ../shared/fiji-runtime}, run
 * by Maven's failsafe after {@code package}): {@code target/fiji/jars} is installed as a user
 * would install it, and every macro in {@code macros/} and every macro line of README.md and
 * docs/ runs there, headless and in the GUI (under xvfb-run), with the results checked. Skipped,
 * with a message, where the runtime or a virtual display is missing.
 */
class FijiRuntimeIT {

	private static final Path RUNTIME = Path.of("../shared/fiji-runtime");
	private static final Path JARS = Path.of("target/fiji/jars");
	private static final Path IMAGES = Path.of("src/test/resources/dsb2018").toAbsolutePath();
	private static final Path MACROS = Path.of("macros").toAbsolutePath();

	private static final String INSTANCE_COLUMNS = "Label,Class,Score,Area,X,Y,BX,BY,Width,Height,Mean,Min,Max,IntDen,RawIntDen,Perim.,Circ.,Z,T";
	private static final String SEMANTIC_COLUMNS = "Class,Name,Area,Z,T";
	private static final String CLASSIFY_COLUMNS = "Source,Class,Probability,fluorescence,brightfield,histology,Class 2,Probability 2";
	private static final String EVALUATE_COLUMNS = "IoU threshold,TP,FP,FN,Precision,Recall,F1,AP,Mean matched IoU,PQ";

	@TempDir
	static Path work;

	private static Path plugins;

	@BeforeAll
	static void install() throws IOException {
		if (!Files.isDirectory(RUNTIME)) {
			String message = "Fiji acceptance tests skipped: no ImageJ2 runtime at " + RUNTIME.toAbsolutePath() + ".";
			System.out.println(message);
			assumeTrue(false, message);
		}
		assertTrue(Files.isDirectory(JARS), "mvn package writes " + JARS);
		// The user's install: the jars of target/fiji/jars in the runtime's plugin folder.
		plugins = Files.createDirectories(work.resolve("jars"));
		try (Stream<Path> jars = Files.list(JARS)) {
			for (Path jar : jars.toList())
				Files.createLink(plugins.resolve(jar.getFileName()), jar.toAbsolutePath());
		}
	}

	@Test
	void everyMacroAndDocumentedLineRunsHeadless() throws IOException {
		everyMacroAndDocumentedLineRuns(false);
	}

	@Test
	void everyMacroAndDocumentedLineRunsInTheGui() throws IOException {
		everyMacroAndDocumentedLineRuns(true);
	}

	@Test
	void aFailingModelStopsTheMacroHeadless() throws IOException {
		aFailingModelStopsTheMacro(false);
	}

	@Test
	void aFailingModelStopsTheMacroInTheGui() throws IOException {
		aFailingModelStopsTheMacro(true);
	}

	/** Every macro of macros/ and every documented macro line, one after the other in one session. */
	private static void everyMacroAndDocumentedLineRuns(boolean gui) throws IOException {
		Path out = Files.createDirectories(work.resolve(gui ? "gui" : "headless"));
		Path truth = Files.createDirectories(out.resolve("truth")), pred = Files.createDirectories(out.resolve("pred"));
		Files.copy(IMAGES.resolve("nuclei_labels.tif"), truth.resolve("nuclei.tif"));
		Files.copy(IMAGES.resolve("nuclei_labels.tif"), pred.resolve("nuclei_labels.tif"));
		Path batchIn = Files.createDirectories(out.resolve("batch-in"));
		for (String image : List.of("nuclei.png", "histology.png"))
			Files.copy(IMAGES.resolve(image), batchIn.resolve(image));
		String nuclei = IMAGES.resolve("nuclei.png").toString();
		List<String> documented = documentedLines();
		assertTrue(documented.size() >= 2, "documented macro lines found: " + documented);

		StringBuilder m = new StringBuilder();
		step(m, gui, "instance", "instance_segment_current_image.ijm", "image=" + nuclei + (gui ? "" : ",output=" + out.resolve("instance")));
		step(m, gui, "semantic", "semantic_segment.ijm", "image=" + nuclei + (gui ? "" : ",output=" + out.resolve("semantic")));
		step(m, gui, "classify", "classify.ijm", "image=" + nuclei + (gui ? "" : ",output=" + out.resolve("classify")));
		step(m, gui, "detect", "detect_and_classify_rois.ijm", "image=" + nuclei + ",output=" + out.resolve("detect"));
		step(m, gui, "evaluate", "evaluate.ijm", "pred=" + pred + ",truth=" + truth + ",output=" + out.resolve("evaluate"));
		step(m, gui, "batch", "batch_instance_segment_folder.ijm", "input=" + batchIn + ",output=" + out.resolve("batch"));
		for (int i = 0; i < documented.size(); i++) {
			m.append("open(\"").append(nuclei).append("\");\n");
			m.append(documented.get(i).replace("/data/", out.resolve("doc" + i) + "/")).append('\n');
			check(m, gui, "doc" + i);
			m.append("close(\"*\");\n");
		}
		Run run = run(gui, out.resolve("all.ijm"), m.toString());
		assertEquals(0, run.exit(), run.output());
		Map<String, Map<String, String>> checks = run.checks();

		Map<String, String> instance = checks.get("instance");
		assertEquals(INSTANCE_COLUMNS, instance.get("columns"), run.output());
		int objects = Integer.parseInt(instance.get("results"));
		assertTrue(objects > 10, run.output());
		if (gui) {
			assertEquals(instance.get("results"), instance.get("rois"), "one ROI per object");
			assertEquals(instance.get("results"), instance.get("labels"), "label image 1..N");
		}
		else assertFolderAgrees(out.resolve("instance"), "nuclei", objects);

		Map<String, String> semantic = checks.get("semantic");
		assertEquals(SEMANTIC_COLUMNS, semantic.get("columns"), run.output());
		if (gui) {
			assertEquals(semantic.get("present"), semantic.get("rois"), "one ROI per class present");
			assertEquals("1 1", semantic.get("windows"), run.output());
		}
		else assertFiles(out.resolve("semantic"), "nuclei_classes.tif", "nuclei_probabilities.tif", "nuclei_results.csv", "nuclei_rois.zip");

		Map<String, String> classify = checks.get("classify");
		assertEquals(CLASSIFY_COLUMNS, classify.get("columns"), run.output());
		assertEquals("1", classify.get("results"));
		assertEquals("fluorescence", classify.get("class"), run.output());
		if (!gui) assertFiles(out.resolve("classify"), "nuclei_results.csv");

		// Detect -> Classify on the ROIs Detect wrote: one row per box.
		Map<String, String> detect = checks.get("detect");
		int boxes = RoiSets.read(out.resolve("detect/detect/nuclei_rois.zip")).size();
		assertTrue(boxes > 10, run.output());
		assertEquals(String.valueOf(boxes), detect.get("results"), run.output());
		assertEquals(boxes, csv(out.resolve("detect/classify/nuclei_results.csv")).size());
		assertEquals(boxes, RoiSets.read(out.resolve("detect/classify/nuclei_rois.zip")).size());
		assertTrue(run.output().contains("nuclei.png: " + boxes + " boxes"), run.output());

		// The prediction is the truth itself: every object matched at every IoU threshold.
		Map<String, String> evaluate = checks.get("evaluate");
		assertEquals(EVALUATE_COLUMNS, evaluate.get("columns"), run.output());
		assertEquals("9", evaluate.get("results"));
		assertEquals("1", evaluate.get("f1"), run.output());
		assertFiles(out.resolve("evaluate"), "evaluation.csv");

		assertFiles(out.resolve("batch"), "histology_labels.tif", "histology_overlay.png", "histology_results.csv", "histology_rois.zip",
			"nuclei_labels.tif", "nuclei_overlay.png", "nuclei_results.csv", "nuclei_rois.zip");
		assertFolderAgrees(out.resolve("batch"), "nuclei", objects);

		for (int i = 0; i < documented.size(); i++) {
			Map<String, String> doc = checks.get("doc" + i);
			assertTrue(doc != null && Integer.parseInt(doc.get("results")) > 0, documented.get(i) + "\n" + run.output());
		}
	}

	/** A model that cannot be loaded stops the macro at its line, leaves no folder, and says why. */
	private static void aFailingModelStopsTheMacro(boolean gui) throws IOException {
		Path out = Files.createDirectories(work.resolve(gui ? "fail-gui" : "fail-headless"));
		// A model folder whose weights are missing.
		Path broken = Files.createDirectories(out.resolve("no-weights"));
		Files.copy(Path.of("src/test/resources/models/identity/bioimageio.yaml"), broken.resolve("bioimageio.yaml"));
		for (String model : List.of(out.resolve("no-such-model").toString(), broken.toString())) {
			Path folder = out.resolve("results-" + model.hashCode());
			String macro = "open(\"" + IMAGES.resolve("nuclei.png") + "\");\nprint(\"before the failure\");\n" +
				"run(\"Instance Segment\", \"model=[" + model + "] output=[" + folder + "] overwrite=false tile_size=0 " +
				"probability=0 overlap=0 min_size=-1 link_z=false link_iou=0.5 augment=false block_size=0 raw_maps=false weights=auto strict_check=false extra_inputs=[]\");\n" +
				"print(\"after the failure\");\n";
			Run run = run(gui, out.resolve("fail.ijm"), macro);
			// ImageJ ends a macro that a command stopped as "stopped before its end" (5), not as a macro error (3).
			assertEquals(5, run.exit(), run.output());
			assertTrue(run.output().contains("before the failure"), run.output());
			assertFalse(run.output().contains("after the failure"), run.output());
			assertTrue(run.output().contains("VisionJ: "), run.output());
			assertFalse(run.output().contains("Exception"), run.output());
			assertFalse(Files.exists(folder), "a failed run leaves no output folder");
		}
	}

	/** Runs macro (given by name) from macros/ through runMacro, then records what a check can compare. */
	private static void step(StringBuilder m, boolean gui, String name, String macro, String argument) {
		m.append("runMacro(\"").append(MACROS.resolve(macro)).append("\", \"").append(argument).append("\");\n");
		check(m, gui, name);
		m.append("close(\"*\");\n");
	}

	/**
	 * Prints "CHECK name key=value;…" with the Results table's size and columns, and in the GUI the
	 * ROI Manager's count, the largest label of a *_labels window and which result windows are open.
	 */
	private static void check(StringBuilder m, boolean gui, String name) {
		m.append("c = \"CHECK ").append(name).append(" results=\" + nResults + \";columns=\" + replace(String.trim(String.getResultsHeadings), \"\\t\", \",\");\n");
		m.append("if (nResults > 0) c = c + \";class=\" + getResultString(\"Class\", 0) + \";f1=\" + getResult(\"F1\", 0);\n");
		m.append("present = 0; for (i = 0; i < nResults; i++) if (getResult(\"Area\", i) > 0) present++;\nc = c + \";present=\" + present;\n");
		if (gui) {
			m.append("c = c + \";rois=\" + roiManager(\"count\") + \";windows=\" + isOpen(\"nuclei_classes\") + \" \" + isOpen(\"nuclei_probabilities\");\n");
			m.append("if (isOpen(\"nuclei_labels\")) { selectWindow(\"nuclei_labels\"); getStatistics(a, mean, min, max); c = c + \";labels=\" + max; }\n");
			m.append("roiManager(\"reset\");\n");
		}
		m.append("print(c);\n");
	}

	/** The macro lines (run("…")) of README.md and docs/*.md. */
	private static List<String> documentedLines() throws IOException {
		List<Path> files = new ArrayList<>(List.of(Path.of("README.md")));
		try (Stream<Path> docs = Files.list(Path.of("docs"))) {
			docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(files::add);
		}
		Pattern line = Pattern.compile("run\\(\"[^\"]+\", \"[^\"]*\"\\);");
		List<String> lines = new ArrayList<>();
		for (Path file : files) {
			Matcher matcher = line.matcher(Files.readString(file));
			while (matcher.find())
				lines.add(matcher.group());
		}
		return lines;
	}

	private record Run(int exit, String output) {

		/** The CHECK lines by name, each as key → value. */
		Map<String, Map<String, String>> checks() {
			Map<String, Map<String, String>> checks = new HashMap<>();
			for (String l : output.lines().toList()) {
				int at = l.indexOf("CHECK ");
				if (at < 0) continue;
				String[] nameAndRest = l.substring(at + 6).split(" ", 2);
				Map<String, String> values = new HashMap<>();
				for (String pair : nameAndRest[1].split(";")) {
					int eq = pair.indexOf('=');
					values.put(pair.substring(0, eq), pair.substring(eq + 1));
				}
				checks.put(nameAndRest[0], values);
			}
			return checks;
		}
	}

	/** Runs a macro in the runtime with the launcher of its README, with its own Java preferences. */
	private static Run run(boolean gui, Path file, String macro) throws IOException {
		if (gui && !Files.isExecutable(Path.of("/usr/bin/xvfb-run"))) {
			String message = "Fiji GUI acceptance test skipped: no xvfb-run (apt-get install xvfb xauth).";
			System.out.println(message);
			assumeTrue(false, message);
		}
		Files.writeString(file, macro);
		Path prefs = Files.createTempDirectory(work, "prefs");
		Path log = Files.createTempFile(work, "run", ".log");
		List<String> command = new ArrayList<>();
		if (gui) command.addAll(List.of("xvfb-run", "-a"));
		command.addAll(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx2g",
			"--add-opens=java.base/java.lang=ALL-UNNAMED", "-Djava.util.prefs.userRoot=" + prefs,
			"-cp", RUNTIME.toAbsolutePath() + "/*:" + plugins + "/*", "test.harness.MacroRun"));
		if (gui) command.add("--gui");
		command.addAll(List.of("--plugins", plugins.toString(), "--timeout", "240", file.toString()));
		Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		try {
			if (!p.waitFor(300, TimeUnit.SECONDS)) {
				p.descendants().forEach(ProcessHandle::destroyForcibly);
				p.destroyForcibly();
				throw new AssertionError("the runtime did not end: " + Files.readString(log, StandardCharsets.UTF_8));
			}
		}
		catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			throw new AssertionError(e);
		}
		return new Run(p.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
	}

	private static void assertFiles(Path folder, String... names) {
		for (String name : names)
			assertTrue(Files.isRegularFile(folder.resolve(name)), folder.resolve(name) + " written");
	}

	/** The label image, the ROI set and the table of one image's results name the same objects. */
	private static void assertFolderAgrees(Path folder, String name, int objects) {
		assertFiles(folder, name + "_labels.tif", name + "_rois.zip", name + "_results.csv", name + "_overlay.png");
		ImagePlus labels = IJ.openImage(folder.resolve(name + "_labels.tif").toString());
		assertEquals(objects, (int) labels.getProcessor().getStats().max);
		assertEquals(objects, RoiSets.read(folder.resolve(name + "_rois.zip")).size());
		assertEquals(objects, csv(folder.resolve(name + "_results.csv")).size());
	}

	private static ResultsTable csv(Path file) {
		try {
			return ResultsTable.open(file.toString());
		}
		catch (IOException e) {
			throw new UncheckedIOException(e);
		}
	}
}
