package io.github.visionj.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.github.visionj.VisionJException;
import io.github.visionj.image.FloatTensor;
import io.github.visionj.model.BundledModels;
import io.github.visionj.model.ModelDescription;
import io.github.visionj.model.Npy;
import io.github.visionj.model.Processing;
import io.github.visionj.model.TensorDescription;

class TorchScriptModelTest {

	private static Path folder;
	private static TorchScriptModel network;

	@BeforeAll
	static void load() {
		folder = BundledModels.resolve("nuclei-broad");
		network = TorchScriptModel.load(folder.resolve("weights.pt"));
	}

	@AfterAll
	static void close() {
		network.close();
	}

	@Test
	void reproducesTheTestOutputThroughTheV05Description() {
		assertReproducesTestOutput(ModelDescription.load(folder));
	}

	@Test
	void reproducesTheTestOutputThroughTheV04Description() {
		assertReproducesTestOutput(ModelDescription.load(folder.resolve("v0_4_9.bioimageio.yaml")));
	}

	private static void assertReproducesTestOutput(ModelDescription d) {
		TensorDescription in = d.inputs().get(0), out = d.outputs().get(0);
		FloatTensor input = Npy.read(d.testInputs().get(0));
		Processing.apply(in.processing(), input, in.axes(), Map.of());
		FloatTensor output = network.predict(input);
		Processing.apply(out.processing(), output, out.axes(), Map.of(in.id(), input));
		FloatTensor expected = Npy.read(d.testOutputs().get(0));
		assertArrayEquals(expected.shape(), output.shape());
		double maxDiff = 0;
		for (int i = 0; i < expected.data().length; i++)
			maxDiff = Math.max(maxDiff, Math.abs(expected.data()[i] - output.data()[i]));
		assertTrue(maxDiff <= 1e-4, d.formatVersion() + ": max |diff| " + maxDiff);
	}

	@Test
	void aWrongShapeIsReportedWithTheInputShape() {
		VisionJException e = assertThrows(VisionJException.class, () -> network.predict(FloatTensor.zeros(1, 3, 64, 64)));
		assertTrue(e.getMessage().startsWith("The network weights.pt cannot process an input of shape [1, 3, 64, 64]; "),
			e.getMessage());
	}

	@Test
	void memoryStaysFlatOver1000Calls() {
		FloatTensor input = FloatTensor.zeros(1, 1, 16, 16);
		network.predict(input);
		int before = network.liveArrays();
		for (int i = 0; i < 1000; i++)
			assertEquals(16 * 16, network.predict(input).data().length);
		assertEquals(before, network.liveArrays());
	}

	@Test
	void aClosedNetworkRefusesToRun() {
		TorchScriptModel other = TorchScriptModel.load(folder.resolve("weights.pt"));
		other.close();
		assertThrows(IllegalStateException.class, () -> other.predict(FloatTensor.zeros(1, 1, 32, 32)));
	}

	@Test
	void aFileThatIsNotTorchScriptIsRefused() {
		VisionJException e = assertThrows(VisionJException.class,
			() -> TorchScriptModel.load(folder.resolve("bioimageio.yaml")));
		assertTrue(e.getMessage().startsWith("Cannot load the TorchScript weights " + folder.resolve("bioimageio.yaml")),
			e.getMessage());
	}

	@Test
	void runsOnTheCpuWithTheCpuNatives() {
		assertEquals("cpu()", network.device());
		assertEquals("true", System.getProperty("ai.djl.offline"));
	}
}
