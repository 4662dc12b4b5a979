package io.github.visionj.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.visionj.engine.LoadedModel;
import io.github.visionj.evaluate.InstanceMatching;
import io.github.visionj.evaluate.Scores;
import io.github.visionj.engine.TestModelCache;
import io.github.visionj.image.FloatTensor;
import io.github.visionj.model.Npy;
import io.github.visionj.model.Processing;
import io.github.visionj.model.TensorDescription;

/**
 * The training pipeline of models/training runs end to end on the three bundled DSB samples (a
 * few iterations of a tiny network), its loss decreases, and every model folder it writes loads
 * in VisionJ's runtime and reproduces its own test tensors. Needs Python 3 with PyTorch
 * (Debian's python3-torch; .ci/run installs it); skipped where there is none.
 */
class TrainingSmokeTest {

	private static final String PYTHON = "/usr/bin/python3";

	private static boolean torchAvailable() {
		try {
			Process p = new ProcessBuilder(PYTHON, "-c", "import torch, numpy, tifffile, PIL").redirectErrorStream(true).start();
			return p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0;
		}
		catch (IOException | InterruptedException e) {
			return false;
		}
	}

	/** A data folder in the training layout made of the samples: each one is in train and in val. */
	private static Path dataset(Path dir) throws IOException {
		Path samples = Path.of("src/test/resources/dsb2018");
		StringBuilder index = new StringBuilder("id,split,modality,width,height,channels,nuclei,mean_area\n");
		for (String split : new String[] { "train", "val" }) {
			Files.createDirectories(dir.resolve(split + "/images"));
			Files.createDirectories(dir.resolve(split + "/labels"));
			for (String[] s : new String[][] { { "nuclei", "fluorescence" }, { "histology", "histology" },
				{ "brightfield", "brightfield" } })
			{
				Files.copy(samples.resolve(s[0] + ".png"), dir.resolve(split + "/images/" + s[0] + ".png"));
				Files.copy(samples.resolve(s[0] + "_labels.tif"), dir.resolve(split + "/labels/" + s[0] + ".tif"));
				index.append(s[0]).append(',').append(split).append(',').append(s[1]).append(",0,0,0,0,0\n");
			}
		}
		Files.writeString(dir.resolve("index.csv"), index);
		return dir;
	}

	private static String train(String... args) throws Exception {
		List<String> command = new java.util.ArrayList<>(List.of(PYTHON, "models/training/train.py"));
		command.addAll(List.of(args));
		Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
		String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertTrue(p.waitFor(15, TimeUnit.MINUTES), "training did not finish");
		assertEquals(0, p.exitValue(), log);
		return log;
	}

	private static void assertReproducesItsTestTensors(Path folder) {
		LoadedModel model = TestModelCache.get(folder.toString());
		TensorDescription in = model.description().inputs().get(0), outDesc = model.description().outputs().get(0);
		FloatTensor input = Npy.read(model.description().testInputs().get(0));
		FloatTensor expected = Npy.read(model.description().testOutputs().get(0));
		Processing.apply(in.processing(), input, in.axes(), java.util.Map.of(in.id(), input));
		FloatTensor actual = model.network().predict(input);
		Processing.apply(outDesc.processing(), actual, outDesc.axes(), java.util.Map.of(in.id(), input, outDesc.id(), actual));
		assertArrayEquals(expected.shape(), actual.shape(), folder.toString());
		float worst = 0;
		for (int i = 0; i < expected.data().length; i++)
			worst = Math.max(worst, Math.abs(expected.data()[i] - actual.data()[i]));
		assertTrue(worst < 1e-3, folder + ": max difference " + worst);
	}

	@Test
	void trainingWritesModelsThatVisionJRuns(@TempDir Path dir) throws Exception {
		assumeTrue(torchAvailable(), "no Python with PyTorch at " + PYTHON);
		Path data = dataset(dir.resolve("data"));
		Path out = dir.resolve("out");
		String log = train("--data", data.toString(), "--out", out.toString(), "--smoke", "--device", "cpu");
		assertTrue(log.contains("-> OK"), log); // the smoke run's own check that the loss decreased
		for (String id : List.of("nuclei", "nuclei-semantic", "nuclei-detect", "image-modality"))
			assertReproducesItsTestTensors(out.resolve(id));
	}

	/** Two widths side by side, then two more stages from one of them: the way the bundled models were made. */
	@Test
	void twoWidthsThenTwoMoreStages(@TempDir Path dir) throws Exception {
		assumeTrue(torchAvailable(), "no Python with PyTorch at " + PYTHON);
		Path data = dataset(dir.resolve("data"));
		String[] tiny = { "--data", data.toString(), "--smoke", "--device", "cpu" }; // 60 iterations, a log row per 20
		Path first = dir.resolve("first"), second = dir.resolve("second"), third = dir.resolve("third");
		train(concat(tiny, "--out", first.toString(), "--base", "4,6"));
		for (String width : List.of("4", "6")) {
			Path run = first.resolve("run-b" + width);
			for (String f : List.of("unet.npz", "modality.npz", "train.json"))
				assertTrue(Files.exists(run.resolve(f)), run.resolve(f).toString());
			String json = Files.readString(run.resolve("train.json"));
			assertTrue(json.contains("\"iterations\": 60") && json.contains("\"base\": " + width), json);
		}
		assertTrue(Files.notExists(first.resolve("nuclei")), "several widths are trained, not exported");

		train(concat(tiny, "--out", second.toString(), "--base", "6", "--init", first.resolve("run-b6/unet.npz").toString(),
			"--train-only"));
		train(concat(tiny, "--out", third.toString(), "--base", "6", "--init", second.resolve("run/unet.npz").toString()));
		String readme = Files.readString(third.resolve("nuclei/README.md"));
		assertTrue(readme.contains("Trained in 3 stages") && readme.contains("--out <stage2> --init <stage1>/run/unet.npz --base 6")
			&& readme.contains("--out <dir> --init <stage2>/run/unet.npz --base 6"), readme);
		List<String> logRows = Files.readAllLines(third.resolve("nuclei/training-log.csv"));
		assertEquals(List.of("1", "1", "1", "2", "2", "2", "3", "3", "3"),
			logRows.subList(1, logRows.size()).stream().map(r -> r.split(",")[0]).toList());
		assertReproducesItsTestTensors(third.resolve("nuclei"));
	}

	/**
	 * The training tools tune thresholds with their own matching (metrics.py); it must count as
	 * VisionJ's evaluate package does. Each sample's true labels are matched against themselves
	 * shifted by a few pixels, which spreads the IoUs over the thresholds.
	 */
	@Test
	void pythonMatchingCountsAsVisionJDoes() throws Exception {
		assumeTrue(torchAvailable(), "no Python with PyTorch at " + PYTHON);
		List<String> files = List.of("nuclei", "histology", "brightfield").stream()
			.map(s -> "src/test/resources/dsb2018/" + s + "_labels.tif").toList();
		StringBuilder java = new StringBuilder();
		for (String file : files) {
			ij.process.ImageProcessor ip = ij.IJ.openImage(file).getProcessor();
			int w = ip.getWidth(), h = ip.getHeight();
			int[] truth = new int[w * h], shifted = new int[w * h];
			for (int y = 0; y < h; y++)
				for (int x = 0; x < w; x++) {
					truth[y * w + x] = (int) ip.getf(x, y);
					shifted[y * w + x] = (int) ip.getf(Math.floorMod(x - 2, w), Math.floorMod(y - 3, h));
				}
			for (Scores s : InstanceMatching.scores(truth, shifted, w, h, 0.5, 0.6, 0.7, 0.8, 0.9))
				java.append(s.tp()).append(' ').append(s.fp()).append(' ').append(s.fn()).append('\n');
		}
		String script = "import sys, numpy as np, tifffile; sys.path.insert(0, 'models/training'); from metrics import match_labels\n" +
			"for f in sys.argv[1:]:\n" +
			"    gt = tifffile.imread(f).astype(np.int64); pred = np.roll(gt, (3, 2), axis=(0, 1))\n" +
			"    for t in (0.5, 0.6, 0.7, 0.8, 0.9): print(*match_labels(gt, pred, t))\n";
		List<String> command = new java.util.ArrayList<>(List.of(PYTHON, "-c", script));
		command.addAll(files);
		Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
		String python = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
		assertTrue(p.waitFor(2, TimeUnit.MINUTES));
		assertEquals(java.toString(), python, "TP FP FN per sample and threshold 0.5 ... 0.9");
	}

	private static String[] concat(String[] a, String... b) {
		String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, all, a.length, b.length);
		return all;
	}
}
