package io.github.visionj.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Roi;
import io.github.visionj.engine.LoadedModel;
import io.github.visionj.engine.TestModelCache;
import io.github.visionj.image.FloatTensor;
import io.github.visionj.model.ModelDescription;
import io.github.visionj.model.Npy;
import io.github.visionj.model.Processing;
import io.github.visionj.model.TensorDescription;
import io.github.visionj.output.ImagePlusBridge;
import io.github.visionj.pipeline.Progress;

/**
 * Fine-tunes the bundled star-convex `nuclei` for a few steps on small crops of the bundled samples
 * (CPU): the loss of a fixed batch decreases, and the model folder written loads in VisionJ and
 * reproduces its own test tensors.
 */
class FineTuningTest {

	/** A square crop of a bundled sample, at (x, y). */
	private static Annotated sample(String name, int x, int y, int size) {
		ImagePlus image = crop(IJ.openImage("src/test/resources/dsb2018/" + name + ".png"), x, y, size);
		ImagePlus labels = crop(IJ.openImage("src/test/resources/dsb2018/" + name + "_labels.tif"), x, y, size);
		int[] l = new int[labels.getWidth() * labels.getHeight()];
		for (int i = 0; i < l.length; i++)
			l[i] = (int) labels.getProcessor().getf(i);
		return new Annotated(name, ImagePlusBridge.wrap(image), l);
	}

	private static ImagePlus crop(ImagePlus imp, int x, int y, int size) {
		imp.setRoi(new Roi(x, y, size, size));
		return imp.crop();
	}

	@Test
	void aFewStepsLowerTheLossAndWriteAModelThatVisionJRuns(@TempDir Path dir) throws Exception {
		LoadedModel parent = TestModelCache.get("nuclei");
		// one image no larger than a crop: every batch shows it whole, mirrored and rotated, so the loss of
		// a fixed batch of it falls from the first steps on
		FineTuning.Options options = new FineTuning.Options(30, 4, 2, 64, 2e-4, 0, 2, 5, 0, TrainedLayers.ALL);
		List<FineTuning.Row> validations = new ArrayList<>();
		FineTuning.Listener listener = new FineTuning.Listener() {
			@Override
			public void iteration(int iteration, double loss, double seconds, double budgetSeconds) {}

			@Override
			public void validated(FineTuning.Row row, boolean best) {
				validations.add(row);
			}
		};
		Path work = Files.createDirectories(dir.resolve("work"));
		FineTuning.Result r = FineTuning.run(parent, List.of(sample("histology", 0, 192, 64)), List.of(sample("nuclei", 0, 0, 128)), options,
			listener, Progress.NONE, work);

		assertEquals(4, r.iterations());
		assertEquals("iteration limit", r.stopped());
		assertEquals(List.of(0, 2, 4), validations.stream().map(FineTuning.Row::iteration).toList());
		assertTrue(r.probeLoss()[1] < r.probeLoss()[0], "loss of a fixed batch " + r.probeLoss()[0] + " -> " + r.probeLoss()[1]);
		assertEquals(64, r.crop());

		Path out = dir.resolve("fine-tuned");
		TrainedModel.write(out, parent.description(), "nuclei", r, List.of("histology"), List.of("nuclei"), options, false);
		ModelDescription d = ModelDescription.load(out); // checks the new sha256 of the weights
		assertEquals(r.settings().probability(), d.visionj().defaults().probability(), 1e-9);
		assertEquals(r.settings().nmsIou(), d.visionj().defaults().nmsIou(), 1e-9);
		assertTrue(Files.exists(out.resolve("LICENSE")) || !Files.exists(parent.description().folder().resolve("LICENSE")));
		assertTrue(Files.readString(out.resolve("README.md")).contains("| parent |"));
		assertEquals(validations.size() + 1, Files.readAllLines(out.resolve("training-log.csv")).size());
		assertReproducesItsTestTensors(out);
		assertTorchLoads(out.resolve("weights.pt"));
	}

	/** Cancel stops before the next step and still gives a model: here the parent's weights, with tuned thresholds. */
	@Test
	void cancelKeepsTheBestModelSoFar(@TempDir Path dir) throws Exception {
		LoadedModel parent = TestModelCache.get("nuclei");
		Progress canceled = new Progress() {
			@Override
			public void report(String stage, long done, long total) {}

			@Override
			public boolean isCanceled() {
				return true;
			}
		};
		FineTuning.Listener quiet = new FineTuning.Listener() {
			@Override
			public void iteration(int iteration, double loss, double seconds, double budgetSeconds) {}

			@Override
			public void validated(FineTuning.Row row, boolean best) {}
		};
		FineTuning.Result r = FineTuning.run(parent, List.of(sample("histology", 0, 192, 64)), List.of(sample("nuclei", 0, 0, 128)),
			FineTuning.Options.DEFAULTS, quiet, canceled, Files.createDirectories(dir.resolve("work")));
		assertEquals("canceled", r.stopped());
		assertEquals(0, r.iterations());
		assertEquals(-1, java.util.Arrays.mismatch(Files.readAllBytes(r.weights()), Files.readAllBytes(parent.description().weights().file())));
		assertEquals(r.parentTunedScores().get(0).ap(), r.tunedScores().get(0).ap(), 1e-9); // same weights, same tuning
	}

	/**
	 * Cancel after a step keeps the weights of the best validation: those of the step when its AP50
	 * beat the parent's, else the parent's.
	 */
	@Test
	void cancelAfterAStepKeepsTheBestValidatedWeights(@TempDir Path dir) throws Exception {
		LoadedModel parent = TestModelCache.get("nuclei");
		boolean[] stepped = { false };
		Progress cancelAfterTheFirstStep = new Progress() {
			@Override
			public void report(String stage, long done, long total) {}

			@Override
			public boolean isCanceled() {
				return stepped[0];
			}
		};
		List<FineTuning.Row> validations = new ArrayList<>();
		FineTuning.Listener listener = new FineTuning.Listener() {
			@Override
			public void iteration(int iteration, double loss, double seconds, double budgetSeconds) {
				stepped[0] = true;
			}

			@Override
			public void validated(FineTuning.Row row, boolean best) {
				validations.add(row);
			}
		};
		FineTuning.Options validateEveryStep = new FineTuning.Options(30, 0, 2, 64, 2e-4, 0, 1, 5, 0, TrainedLayers.ALL);
		FineTuning.Result r = FineTuning.run(parent, List.of(sample("histology", 0, 192, 64)), List.of(sample("nuclei", 0, 0, 128)),
			validateEveryStep, listener, cancelAfterTheFirstStep, Files.createDirectories(dir.resolve("work")));
		assertEquals("canceled", r.stopped());
		assertEquals(1, r.iterations());
		assertEquals(List.of(0, 1), validations.stream().map(FineTuning.Row::iteration).toList());
		boolean parentsWeights = java.util.Arrays.mismatch(Files.readAllBytes(r.weights()),
			Files.readAllBytes(parent.description().weights().file())) == -1;
		assertEquals(validations.get(1).ap50() <= validations.get(0).ap50(), parentsWeights, validations.toString());
	}

	private static void assertReproducesItsTestTensors(Path folder) {
		LoadedModel model = TestModelCache.get(folder.toString());
		TensorDescription in = model.description().inputs().get(0), outDesc = model.description().outputs().get(0);
		FloatTensor input = Npy.read(model.description().testInputs().get(0));
		FloatTensor expected = Npy.read(model.description().testOutputs().get(0));
		Processing.apply(in.processing(), input, in.axes(), Map.of(in.id(), input));
		FloatTensor actual = model.network().predict(input);
		Processing.apply(outDesc.processing(), actual, outDesc.axes(), Map.of(in.id(), input, outDesc.id(), actual));
		assertArrayEquals(expected.shape(), actual.shape());
		float worst = 0;
		for (int i = 0; i < expected.data().length; i++)
			worst = Math.max(worst, Math.abs(expected.data()[i] - actual.data()[i]));
		assertTrue(worst < 1e-4, "max difference " + worst);
	}

	/** Any bioimage.io consumer reads the weights: torch.jit.load, in inference mode; skipped without Python and PyTorch. */
	private static void assertTorchLoads(Path weights) throws Exception {
		String python = "/usr/bin/python3";
		if (!Files.isExecutable(Path.of(python))) return;
		Process p = new ProcessBuilder(python, "-c", "import sys, torch\nm = torch.jit.load(sys.argv[1])\n" +
			"y = m(torch.rand(1, 3, 32, 32))\nprint(m.training, tuple(y.shape))", weights.toString()).redirectErrorStream(true).start();
		String log = new String(p.getInputStream().readAllBytes()).trim();
		assertTrue(p.waitFor(2, TimeUnit.MINUTES));
		if (log.contains("No module named 'torch'")) return;
		assertEquals(0, p.exitValue(), log);
		assertTrue(log.endsWith("False (1, 33, 16, 16)"), log);
	}
}
