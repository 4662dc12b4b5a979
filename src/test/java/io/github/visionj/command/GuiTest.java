package io.github.visionj.command;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.scijava.command.CommandModule;

import ij.IJ;

/**
 * The GUI path of the commands, on a virtual display (Xvfb; .ci/run installs it): results go to
 * the ROI Manager, the Results table and an output image, with one ROI and one row per object.
 * Skipped where xvfb-run is missing.
 */
class GuiTest {

	@Test
	void resultsReachTheRoiManagerAndTheResultsTable(@TempDir Path outFolder) throws Exception {
		assumeTrue(new File("/usr/bin/xvfb-run").canExecute(), "xvfb-run is not installed");
		String java = System.getProperty("java.home") + "/bin/java";
		Process p = new ProcessBuilder("/usr/bin/xvfb-run", "-a", java, "-Djava.awt.headless=false", "-Dai.djl.offline=true",
			"-cp", System.getProperty("java.class.path"), GuiCheck.class.getName()).redirectErrorStream(true).start();
		String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertTrue(p.waitFor(5, TimeUnit.MINUTES));
		assertEquals(0, p.exitValue(), out);

		Matcher instance = Pattern.compile("instance canceled=false labels=(\\d+) rois=(\\d+) results=(\\d+) first=(\\S+)")
			.matcher(out);
		assertTrue(instance.find(), out);
		int n = Integer.parseInt(instance.group(1));
		assertEquals(headlessObjectCount(outFolder), n, "the GUI and a headless run found different nuclei");
		assertEquals(List.of(n, n), Arrays.asList(Integer.parseInt(instance.group(2)), Integer.parseInt(instance.group(3))));
		assertEquals("nucleus-0001", instance.group(4));

		Matcher detect = Pattern.compile("detect canceled=false rois=(\\d+) results=(\\d+)").matcher(out);
		assertTrue(detect.find(), out);
		assertEquals(detect.group(1), detect.group(2));
		assertTrue(out.contains("classify canceled=false results=" + detect.group(1) + " renamed=true"), out);
		assertTrue(out.contains("train The image small is 120x100 pixels, too small to split into a training and a validation part"), out);
		assertTrue(out.contains("plot windows=1 losses=2"), out);
		assertTrue(out.contains("plot after closing windows=0"), out);
	}

	/** The objects the same command finds in the same image headless, written to a folder. */
	private static int headlessObjectCount(Path folder) {
		CommandModule m = Commands.run(InstanceSegmentCommand.class, "image", Commands.open("dsb2018/nuclei.png"), "model",
			"nuclei", "output", folder.toFile());
		assertFalse(m.isCanceled(), m.getCancelReason());
		return (int) IJ.openImage(folder.resolve("nuclei_labels.tif").toString()).getStatistics().max;
	}
}
