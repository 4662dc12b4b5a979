package io.github.visionj.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.github.visionj.engine.TestModelCache;
import io.github.visionj.model.WeightsFormat;
import io.github.visionj.pipeline.SelfCheck.Status;
import io.github.visionj.pipeline.SelfCheck.Verdict;

class SelfCheckTest {

	@Test
	void nucleiBroadReproducesItsTestOutputWithBothWeights() {
		for (WeightsFormat format : WeightsFormat.values()) {
			Verdict v = SelfCheck.run(TestModelCache.get("nuclei-broad", format));
			assertEquals(Status.PASSED, v.status(), v.message());
			String weights = format == WeightsFormat.ONNX ? "onnx weights weights.onnx" : "torchscript weights weights.pt";
			assertTrue(v.message().matches("UNet 2D Nuclei Broad \\(" + weights + "\\) reproduces its test outputs " +
				"\\(max \\|difference\\| [0-9.]+e-0[5-9]\\)\\."), v.message());
		}
	}

	@Test
	void anAlteredTestOutputIsAMismatchNamingTheLargestDifference(@TempDir Path dir) throws IOException {
		Path model = ModelCopies.withTestOutputShifted(ModelCopies.IDENTITY, dir, 0.25f);
		Verdict v = SelfCheck.run(TestModelCache.get(model.toString()));
		assertEquals(new Verdict(Status.MISMATCH, "identity (torchscript weights weights.pt) does not reproduce its test " +
			"output 'probability': max |difference| 0.250, 1024 of 1024 values differ by more than 0.000100 + 0.00100·|expected| " +
			"(100 per million allowed); the weights, the description or this engine's arithmetic are wrong: do not trust " +
			"its results."), v);
	}

	@Test
	void aSmallDifferenceWithinTheToleranceIsNoMismatch(@TempDir Path dir) throws IOException {
		// 0.00005 is below the absolute tolerance of 0.0001
		Path model = ModelCopies.withTestOutputShifted(ModelCopies.IDENTITY, dir, 0.00005f);
		assertEquals(Status.PASSED, SelfCheck.run(TestModelCache.get(model.toString())).status());
	}

	@Test
	void theVerdictIsRememberedSoTheCheckRunsOnce(@TempDir Path dir) throws IOException {
		Path model = ModelCopies.withTestOutputShifted(ModelCopies.IDENTITY, dir, 0.25f);
		int before = SelfCheck.RUNS.get();
		Verdict first = SelfCheck.once(TestModelCache.get(model.toString()));
		assertEquals(Status.MISMATCH, first.status());
		assertEquals(first, SelfCheck.once(TestModelCache.get(model.toString())));
		assertEquals(before + 1, SelfCheck.RUNS.get());
	}

	@Test
	void aModelWithoutTestTensorsCannotBeChecked(@TempDir Path dir) throws IOException {
		Path model = ModelCopies.copy(ModelCopies.IDENTITY, dir);
		Path yaml = model.resolve("bioimageio.yaml");
		Files.writeString(yaml, Files.readString(yaml).replaceFirst("    test_tensor: \\{source: test_input.npy}\n", ""));
		assertEquals(new Verdict(Status.CANNOT_CHECK, "identity (torchscript weights weights.pt) cannot be checked: the " +
			"description names no test tensor for the input 'raw'; add one (test_tensor: source: …) to check the model."),
			SelfCheck.run(TestModelCache.get(model.toString())));
	}
}
